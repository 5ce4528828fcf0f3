#!/usr/bin/env python3
"""Makes the requests of two OpenTIP clients against Outpost's /opentip/ (shared/reference/interop.md
2), the way they make them, since PyPI (and so the clients themselves) cannot be installed here:

- Kaspersky's OpenTIP-scanner (KasperskyLab/OpenTIP-scanner, src/opentip/client.py): urllib, the URL
  built as frontend_url + 'search/' + type + '?request=' + value with no encoding at all, the key in
  x-api-key, the body decoded as UTF-8; HTTP 404 means "unknown" (None), any other error is raised.
- The OpenCTI OpenTIP connector (leitosama/opencti-connector-opentip, src/opentip/client.py):
  requests, f"{base}/api/v1/search/{type}?request={value}" unencoded, headers x-api-key, accept and
  content-type application/json; raise_for_status(), then .json(); it needs "Zone" and reads the
  first *GeneralInfo object there is.

Usage: opentip_clients.py BASE KEY EXPECT, BASE as http://127.0.0.1:PORT/opentip, EXPECT "answers"
(the key is accepted, or not read) or "401" (the key is refused). Prints one line per check; exits 1
at the first that fails.
"""

import json
import sys
import urllib.error
import urllib.request

import requests

EICAR_MD5 = "44d88612fea8a8f36de82e1278abb02f"
EICAR_SHA256 = "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f"
PHISHING = "http://testsafebrowsing.appspot.com/s/phishing.html?utm_source=x&utm_medium=y"


class Scanner:
    """OpenTIP-scanner's requests: the same URL, header and parsing; not its code."""

    def __init__(self, key, frontend_url):
        self.key = key
        self.frontend_url = frontend_url

    def get(self, req):
        request = urllib.request.Request(self.frontend_url + req)
        request.add_header("x-api-key", self.key)
        with urllib.request.urlopen(request) as answer:
            return answer.read().decode("utf-8")

    def post(self, req, data):
        request = urllib.request.Request(self.frontend_url + req, method="POST", data=data)
        request.add_header("x-api-key", self.key)
        request.add_header("Content-Type", "application/octet-stream")
        with urllib.request.urlopen(request) as answer:
            return answer.read().decode("utf-8")

    def verdict(self, ioc_type, ioc_value):
        try:
            return self.get("search/" + ioc_type + "?request=" + ioc_value)
        except urllib.error.HTTPError as e:
            if e.code == 404:
                return None
            raise


class Connector:
    """The OpenCTI connector's requests: the same URL, headers and parsing; not its code."""

    def __init__(self, base_url, token):
        self.url = base_url[:-1] if base_url[-1] == "/" else base_url
        self.headers = {"x-api-key": token, "accept": "application/json"}

    def query(self, url):
        try:
            response = requests.get(url, headers=self.headers | {"content-type": "application/json"})
            response.raise_for_status()
        except requests.exceptions.HTTPError as e:
            return e.response.status_code
        return response.json()

    def search(self, kind, value):
        return self.query(f"{self.url}/api/v1/search/{kind}?request={value}")


def general_info(data):
    for section in ("FileGeneralInfo", "IpGeneralInfo", "DomainGeneralInfo", "UrlGeneralInfo"):
        if section in data and isinstance(data[section], dict):
            return data[section]
    return {}


def labels(data):
    """The connector's category labels: CATEGORY_ stripped, lower-case."""
    info = general_info(data)
    categories = info.get("CategoriesWithZone") or info.get("Categories") or []
    names = [c.get("Name", "") if isinstance(c, dict) else c for c in categories]
    return ["opentip/" + (n.lower()[9:] if n.lower().startswith("category_") else n.lower()) for n in names]


checks = 0


def check(what, condition):
    global checks
    checks += 1
    print(("ok   " if condition else "FAIL ") + what)
    if not condition:
        sys.exit(1)


def answers(base, key):
    scanner = Scanner(key, base + "/api/v1/")
    data = json.loads(scanner.verdict("hash", EICAR_SHA256))
    check("scanner hash: FileStatus Malware", data["FileGeneralInfo"]["FileStatus"] == "Malware")
    check("scanner hash: DetectionName", [d["DetectionName"] for d in data["DetectionsInfo"]] == ["EICAR-Test-File"])
    check("scanner hash unknown: 404 is None", scanner.verdict("hash", "0" * 64) is None)
    data = json.loads(scanner.verdict("url", PHISHING))
    check("scanner raw url with its own '&': the whole URL looked up",
          data["Zone"] == "Red" and data["UrlGeneralInfo"]["Url"].endswith("?utm_source=x&utm_medium=y"))
    data = json.loads(scanner.verdict("url", "http://malware.testing.google.test/testing/malware/a.exe#part"))
    check("scanner url with a fragment (urllib does not send it): Red", data["Zone"] == "Red")
    check("scanner ip", json.loads(scanner.verdict("ip", "198.51.100.7"))["Zone"] == "Red")
    check("scanner domain", json.loads(scanner.verdict("domain", "malware.testing.google.test"))["Zone"] == "Red")
    try:
        scanner.post("scan/file?filename=" + "0" * 64, b"MZ not really a file")
        check("scanner upload refused", False)
    except urllib.error.HTTPError as e:
        check("scanner upload refused with 404", e.code == 404)

    connector = Connector(base + "/", key)
    data = connector.search("hash", EICAR_MD5)
    check("connector hash: Zone, and the SHA-256 it copies",
          data["Zone"] == "Red" and general_info(data)["Sha256"] == EICAR_SHA256.upper())
    data = connector.search("ip", "192.0.2.44")
    check("connector ip: labels", data["Zone"] == "Yellow" and labels(data) == ["opentip/other"])
    data = connector.search("domain", "www.malware.testing.google.test")
    check("connector domain: labels", labels(data) == ["opentip/malware"])
    data = connector.search("url", PHISHING)
    check("connector raw url: labels", data["Zone"] == "Red" and labels(data) == ["opentip/phishing"])
    data = connector.search("domain", "testsafebrowsing.appspot.com")
    check("connector clean domain: Green, no labels", data["Zone"] == "Green" and labels(data) == [])
    check("connector unknown domain: HTTP error (404)", connector.search("domain", "example.com") == 404)
    check("connector bad address: HTTP error (400)", connector.search("ip", "300.1.1.1") == 400)


def refused(base, key):
    scanner = Scanner(key, base + "/api/v1/")
    try:
        scanner.verdict("hash", EICAR_SHA256)
        check("scanner with a bad key: 401 raised", False)
    except urllib.error.HTTPError as e:
        check("scanner with a bad key: 401 raised", e.code == 401)
    connector = Connector(base, key)
    check("connector with a bad key: 401", connector.search("url", PHISHING) == 401)


if __name__ == "__main__":
    base_url, api_key, expect = sys.argv[1:4]
    (answers if expect == "answers" else refused)(base_url, api_key)
    print("passed %d checks" % checks)
