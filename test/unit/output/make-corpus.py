"""Writes fixtures/oracle-corpus.json: result values, formats and --query expressions that oracle.py and
oracle.test.ts run through az's stack and ours. Rerun oracle.py afterwards to refresh oracle-expected.json."""
import json
import os
TOKEN = {"accessToken": "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL21hbmFnZW1lbnQuY29yZS53aW5kb3dzLm5ldC8ifQ.c2ln",
         "expiresOn": "2099-12-31 23:59:59.000000", "expires_on": 4102444799,
         "subscription": "11111111-2222-3333-4444-555555555555", "tenant": "72f988bf-0000-4000-8000-000000000001", "tokenType": "Bearer"}
LONG_WORDS = " ".join(["word%d" % i for i in range(30)])
STRINGS = ["", " lead", "trail ", "a: b", "a #b", "a#b", "#x", "- x", "-x", "-", "? x", "?x", ":x", "x:", "x: ", "yes", "No", "on", "OFF", "y", "null", "~", "Null",
    "true", "True", "1", "-1", "+1", "1.5", "1.", ".5", "0x1F", "0b101", "012", "019", "1_000", "1e3", "1.0e+3", "1:30", "190:20:30.15", ".inf", "-.Inf", ".nan",
    "2099-12-31", "2099-12-31 23:59:59.000000", "2001-12-14t21:59:43.10-05:00", "2001-1-1 1:02:03", "=", "<<", "!x", "&a", "*a", "|", ">", "'q'", "it's",
    "\"dq\"", "%x", "@x", "`x", "a,b", "[x]", "{x}", "x[0]", "a\nb", "a\n\nb", "a \nb", "a\n b", "\na", "a\n", "\ttab", "tab\tin", "bell\x07",
    "é unicode ü", "emoji 😀 x", "\u2028sep", "nel\x85x", "\ufeffbom", "---", "...", "--- x", "...x", "null\n", "3\n", "back\\slash", "esc\x1b[31mred\x1b[0m",
    LONG_WORDS, "x" * 150, "it's " + LONG_WORDS, "\t" + LONG_WORDS, "a\n" + LONG_WORDS + "\nb", "  two  spaces  ", "a  " + "b" * 85 + " c", "ctl\x01\x7f"]
NUMBERS_JSON = "[0, -1, 3, 1.5, 3.0, -0.0, 1e16, 1e15, 1e100, 1e-5, 0.0001, 0.1, 123456789.125, 1.7976931348623157e308, 5e-324, 9007199254740991, 2.5e-7, NaN, Infinity, -Infinity]"
DATA = [
    json.dumps(TOKEN),
    json.dumps({k: v for k, v in TOKEN.items() if k != "expires_on"}),
    json.dumps(STRINGS, ensure_ascii=False),
    json.dumps({("k%02d" % i): s for i, s in enumerate(STRINGS)}, ensure_ascii=False),
    json.dumps({s: i for i, s in enumerate(STRINGS) if s and "\n" not in s}, ensure_ascii=False),
    NUMBERS_JSON,
    '{"a": 1.0, "b": [1, 2.50, -3e2], "c": {"d": true, "e": null, "f": false}}',
    '{"empty_list": [], "empty_obj": {}, "nested": [[], {}, [[1, 2], [3]], [{"a": 1}, {"b": [1]}]], "deep": {"x": {"y": {"z": [{"w": "v"}]}}}}',
    '[[1, "two", null, true], [[2, 3], {"a": 1}, 1.5]]',
    '[{"name": "a", "id": "1", "type": "t", "etag": "e", "value": 1.5, "ok": true, "nested": {"x": 1}, "list": [1], "none": null}, {"name": "bb", "extra": "x\\ny", "ok": false}]',
    '[{"b": "x", "a": "y", "C": "z", "_u": "w", "é": "acc"}, {"a": "longer value here"}]',
    r'{"expiresOn": "a", "expires_on": 1, "Expires": 2, "_": 3, "aB": 4, "ab": 5, "\u00e9": 6, "\ud83d\ude00": 7, "\uffff": 8}',
    '[1, "two", null, true, false, 2.5]', '["a"]', '[]', '{}', '"Bearer"', '"2099-12-31 23:59:59.000000"', '""', '3', '3.0', '1e100', 'true', 'false', '-0.0',
    '{"q\\"": "quote"}', json.dumps({"k" * 130: "long key", "": "empty key", "a\nb": "ml key", " sp": 1}),
    '{"multi": "line one\\nline two", "ansi": "\\u001b[31mred\\u001b[0m", "wide": "日本語テキスト"}',
    '[{"a": "x\\ny\\nz", "b": "q"}, {"a": "1", "b": "two\\rlines"}]',
    '[[["a", "b"], ["c"]], [[]]]', '[{"a": []}, {"a": {}}]', '{"a": [[1, [2, [3, {}]]]]}',
]
FORMATS = ["json", "jsonc", "yaml", "yamlc", "table", "tsv"]
cases = [{"data": i, "format": f} for i in range(len(DATA)) for f in FORMATS]
DATA.append(json.dumps({"accessToken": "tok", "expiresOn": "2099-12-31 23:59:59.000000", "expires_on": 4102444799,
    "subscription": "11111111-2222-3333-4444-555555555555", "tenant": "72f988bf-0000-4000-8000-000000000001", "tokenType": "Bearer",
    "people": [{"name": "ann", "age": 30, "tags": ["a", "b"]}, {"name": "bob", "age": 25.5, "tags": []}, {"name": "cy", "age": 41, "tags": ["c"]}],
    "nums": [3, 1, 2.5, -4], "strs": ["b", "a", "\u00e9", "B"], "mixed": [1, "a", None, True, {"k": "v"}, [1]], "obj": {"z": 1, "a": 2}, "empty": [], "t": True, "f": False, "zero": 0, "s": "text"}))
QUERIES = ["accessToken", "tokenType", "expiresOn", "expires_on", "nosuch", "{b: tokenType, a: tenant}", "[tokenType, tenant]",
    "{a: tokenType, b: null, c: `true`, d: `3`, e: `[1, 2]`, f: {x: `1`}, g: `1.5`, h: `false`}", "{a:tokenType,b:null,c:`true`,d:`3`,e:[tenant]}",
    "`3.0`", "`1e2`", "`-0.0`", "`1e16`", "`[1.0, 2, 1e-5]`", "`NaN`", "`foo`", "` foo bar`", "'raw\\'s'", "'a\\\\b'", "`\"\\u00e9\\ud83d\\ude00\"`",
    "people[*].name", "people[?age > `30`].name", "people[?age >= `30`]", "people[?tags]", "people[?!tags].name", "people[].tags[]", "people[0]", "people[-1].name",
    "people[5]", "people[::-1].name", "people[1:].name", "people[:-1:2].name", "nums[::0]", "people[*].{n: name, a: age}", "people[*].[name, age]", "obj.*", "*.a",
    "nums | sort(@)", "sort(strs)", "sort_by(people, &age)[*].name", "sort_by(people, &name)", "max_by(people, &age).name", "min_by(people, &name).name",
    "max(nums)", "min(strs)", "sum(nums)", "sum(`[1, 2]`)", "avg(nums)", "avg(`[2, 2]`)", "avg(empty)", "abs(`-3.0`)", "abs(`-3`)", "ceil(`1.5`)", "floor(`-1.5`)",
    "length(s)", "length(people)", "length(obj)", "length(`\"\\ud83d\\ude00\"`)", "reverse(s)", "reverse(nums)", "join(', ', strs)", "keys(obj)", "values(obj)",
    "merge(obj, `{\"a\": 9, \"b\": 8}`)", "merge({z: s}, {a: s})", "not_null(nosuch, empty, s)", "not_null(nosuch)", "to_array(s)", "to_string(obj)", "to_string(`1.0`)",
    "to_string(`\"x\"`)", "to_string(strs)", "to_number('42')", "to_number(' 4_2 ')", "to_number('1.50')", "to_number('1e3')", "to_number('inf')", "to_number('x')",
    "to_number(`true`)", "type(s)", "type(`1.0`)", "type(@)", "type(nosuch)", "contains(strs, 'a')", "contains(s, 'ex')", "contains(nums, `3.0`)", "contains(`[1]`, `true`)",
    "starts_with(s, 'te')", "ends_with(s, 'xt')", "map(&name, people)", "map(&tags[0], people)", "t && s", "f || s", "!zero", "!empty", "zero == `false`",
    "`[1]` == `[true]`", "nums[0] == `3.0`", "s < 't'", "s < `1`", "obj.z < obj.a", "t > f", "{a: @.t}", "@", "`null`", "mixed", "mixed[*]",
    "foo(@)", "length(@, @)", "length(`1`)", "length(t)", "abs(s)", "sum(strs)", "max(mixed)", "sort(mixed)", "join(',', nums)", "not_null()", "sort_by(people, &tags)",
    "sort_by(mixed, &@)", "max_by(people, &tags)", "min_by(mixed, &@)", "contains(s, `1`)", "merge(`1`)", "keys({a: s})", "length({a: s})", "abs({a: s, b: nums})",
    "ceil(`1e400`)", "map(&name, s)",
    "[[", "", "foo[", "a.", "{a}", "{a: b", "a ||", "`{bad`", "'unclosed", "\"quoted\"", "\"a\"(@)", "length(@ @)", "[?a", "a[1:2:3:4]", "@.@", "a.*.b", "!", "=", "a = b", "--",
    "a'b", "a\"b", "a'\"b", "tab\there", "é"]
qformats = ["json", "tsv", "table", "yaml"]
for q in QUERIES:
    for f in qformats:
        cases.append({"data": len(DATA) - 1, "query": q, "format": f})
json.dump({"data": DATA, "cases": cases}, open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "oracle-corpus.json"), "w"), indent=0, sort_keys=True)
print(len(cases))
