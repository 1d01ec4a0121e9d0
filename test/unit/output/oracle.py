"""Oracle for test/unit/output: formats each corpus case with the real az 2.45 stack (knack, jmespath, PyYAML,
Pygments, tabulate) and prints the exact bytes as JSON.

Regenerate the committed expectations with:
    /usr/bin/python3 test/unit/output/oracle.py test/unit/output/fixtures/oracle-corpus.json \
        > test/unit/output/fixtures/oracle-expected.json
"""
import json
import sys
from collections import OrderedDict

import jmespath
from knack import output
from knack.util import CommandResultItem

QUERY_HELP = "To learn more about --query, please visit: 'https://docs.microsoft.com/cli/azure/query-azure-cli'\n"
FORMATTERS = {
    "json": output.format_json, "jsonc": output.format_json_color, "yaml": output.format_yaml,
    "yamlc": output.format_yaml_color, "table": output.format_table, "tsv": output.format_tsv,
}


def run(case, texts):
    data = json.loads(texts[case["data"]])
    query = case.get("query")
    if query is not None:
        try:
            compiled = jmespath.compile(query)
        except (ValueError, KeyError):
            return {"stderr": "ERROR: argument --query: invalid jmespath_type value: %r\n" % query + QUERY_HELP}
        try:
            data = compiled.search(data, jmespath.Options(OrderedDict))
        except jmespath.exceptions.JMESPathError as ex:
            message = getattr(ex, "message", str(ex))
            return {"stderr": "ERROR: Invalid jmespath query supplied for `--query`: %s\n" % message + QUERY_HELP}
        except Exception as ex:  # az's "unexpected error" handler, without the traceback
            return {"stderr": "ERROR: The command failed with an unexpected error. Here is the traceback:\nERROR: %s\n"
                    "To check existing issues, please visit: https://github.com/Azure/azure-cli/issues\n"
                    "To open a new issue, please run `az feedback`\n" % ex}
    if data is None:
        return {"stdout": ""}
    item = CommandResultItem(data, is_query_active=query is not None)
    try:
        return {"stdout": FORMATTERS[case["format"]](item)}
    except Exception as ex:
        return {"stderr": "ERROR: %s\n" % ex}


def main():
    with open(sys.argv[1], encoding="utf-8") as corpus:
        corpus = json.load(corpus)
    results = [run(case, corpus["data"]) for case in corpus["cases"]]
    json.dump(results, sys.stdout, indent=1)
    sys.stdout.write("\n")


main()
