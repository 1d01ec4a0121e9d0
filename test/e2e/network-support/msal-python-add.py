"""The oracle for cache writes: applies a token response to a cache the way az's MSAL for Python does
(TokenCache.add for the grant, then update_rt for a refresh grant's rotated token) and prints the cache as az
saves it. Input on stdin, JSON: cache (file text), now, client_id, environment, token_endpoint, grant_type,
scopes (requested), response, refresh_token_key (refresh grants: the RT entry that was used)."""
import json
import sys
import time

from msal.token_cache import SerializableTokenCache

request = json.load(sys.stdin)
now = request["now"]
time.time = lambda: now  # update_rt() and the ID token check read the clock

cache = SerializableTokenCache()
cache.deserialize(request["cache"])
response = dict(request["response"])
event = {
    "client_id": request["client_id"],
    "scope": response["scope"].split() if "scope" in response else request["scopes"],
    "token_endpoint": request["token_endpoint"],
    "grant_type": request["grant_type"],
    "response": response,
    "params": {},
    "data": {},
    "environment": request["environment"],
}
if request["grant_type"] == "refresh_token":
    # MSAL's silent refresh: the rotated RT goes through update_rt, accounts are not (re)created.
    new_rt = response.pop("refresh_token", None)
    used = cache._cache["RefreshToken"][request["refresh_token_key"]]
    cache.add(dict(event, skip_account_creation=True), now=now)
    if new_rt:
        cache.update_rt(used, new_rt)
else:
    cache.add(event, now=now)
sys.stdout.write(cache.serialize())
