#!/usr/bin/env python3
"""Runs the real az with no network: MSAL's discovery GETs get canned answers, every other request is logged to
$AZ_OFFLINE_LOG (one JSON line: method, url, body) and fails with a connection error. This lets a test show that az
reads a token from the cache (a hit makes no token request) even though az 2.45 fetches discovery documents on
every run. Usage: az-offline.py <az arguments>  (set AZURE_CONFIG_DIR to a temporary profile!)"""
import json
import os
import re
import runpy
import sys

import requests

DISCOVERY = re.compile(r"^https://([^/]+)/([^/]+)/v2\.0/\.well-known/openid-configuration$")


def canned(request):
    match = DISCOVERY.match(request.url)
    if match:
        host, tenant = match.groups()
        base = "https://%s/%s" % (host, tenant)
        return {
            "token_endpoint": base + "/oauth2/v2.0/token",
            "authorization_endpoint": base + "/oauth2/v2.0/authorize",
            "device_authorization_endpoint": base + "/oauth2/v2.0/devicecode",
            "issuer": "https://login.microsoftonline.com/%s/v2.0" % tenant,
            "jwks_uri": base + "/discovery/v2.0/keys",
            "end_session_endpoint": base + "/oauth2/v2.0/logout",
        }
    if "/common/discovery/instance" in request.url:
        return {"tenant_discovery_endpoint": "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration",
                "api-version": "1.1",
                "metadata": [{"preferred_network": "login.microsoftonline.com", "preferred_cache": "login.windows.net",
                              "aliases": ["login.microsoftonline.com", "login.windows.net", "login.microsoft.com", "sts.windows.net"]}]}
    return None


def send(self, request, **kwargs):
    body = canned(request) if request.method == "GET" else None
    if body is None:
        with open(os.environ.get("AZ_OFFLINE_LOG", os.devnull), "a") as log:
            body = request.body.decode() if isinstance(request.body, bytes) else (request.body or "")
            log.write(json.dumps({"method": request.method, "url": request.url, "body": body}) + "\n")
        raise requests.exceptions.ConnectionError("az-offline: no network for %s %s" % (request.method, request.url))
    response = requests.Response()
    response.status_code = 200
    response.url = request.url
    response.request = request
    response.headers["Content-Type"] = "application/json"
    response._content = json.dumps(body).encode()
    return response


requests.Session.send = send
sys.argv = ["az"] + sys.argv[1:]
runpy.run_module("azure.cli", run_name="__main__", alter_sys=True)
