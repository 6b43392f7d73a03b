#!/usr/bin/env python3
"""Fake signal-cli JSON-RPC backend for python-signal-cli-rest-api 22.10.6.

Standard library only (Python 3.11).  It imitates `signal-cli daemon --tcp` (the
JSON-RPC socket mode) closely enough for the REST server's client
(python_signal_cli_rest_api/lib/jsonrpc):

* Framing: one JSON-RPC 2.0 message per line.  The REST server opens a new TCP
  connection per call, writes ONE request WITHOUT a trailing newline, half-closes
  (shutdown(SHUT_WR)) and then reads byte by byte up to the first b"\\n" whose
  message carries its request id (a uuid4 string).  So this fake treats "\\n" *or*
  EOF as the end of a request, answers every request with one line
  `{"jsonrpc":"2.0","result":...,"id":<same id>}\\n` (or `"error":{code,message}`),
  and keeps reading further lines on the same connection like signal-cli does.
* Results have signal-cli 0.11's JSON shapes.  Commands that print nothing answer
  `"result": {}` (signal-cli: `result[0] == null ? Map.of() : result[0]`).
* Errors use signal-cli's codes: -1 user error, -3 IO error, -32601 "Method not
  implemented", -32602 "Specified account does not exist", -32700 parse error.

Usage:
    python3 fake_signal_cli.py [PORT] [--record PATH] [--account NUMBER]...
                               [--strict-accounts] [--fail METHOD]...
                               [--notify]

PORT 0 (default) picks a free port.  The chosen port is printed on the first line
of stdout.  Every received request is appended to --record PATH as one JSON line
{"method": ..., "params": ..., "id": ...}.
"""

from __future__ import annotations

import argparse
import base64
import copy
import hashlib
import json
import re
import socketserver
import sys
import threading
import urllib.parse
import uuid

SIGNAL_CLI_VERSION = "0.11.3"
DEFAULT_ACCOUNT = "+4915100000001"
# 32-byte v2 group id; contains "/" and "+" on purpose (path-parameter edge cases).
PRESET_GROUP_ID = "2aDO3Fc6Su/UwiEujF9mfSRy0/O76gBJVDx9YVChQ+s="
PRESET_MEMBERS = ["+4915100000002", "+4915100000003"]
BASE_TIMESTAMP = 1666000000000  # 2022-10-17T09:46:40Z, the 22.10.x era

PHONE_RE = re.compile(r"^\+[1-9][0-9]{5,14}$")

USER_ERROR = -1
IO_ERROR = -3
INVALID_REQUEST = -32600
METHOD_NOT_FOUND = -32601
INVALID_PARAMS = -32602
PARSE_ERROR = -32700


class RpcError(Exception):
    def __init__(self, code: int, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def recipient_uuid(number: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"signal:{number}"))


def is_registered(number: str) -> bool:
    """Deterministic rule: well-formed +E.164 numbers are registered unless they end in 0000."""
    return bool(PHONE_RE.match(number)) and not number.endswith("0000")


def address(number: str) -> dict:
    return {"uuid": recipient_uuid(number), "number": number}


def derive_group_id(*parts: str) -> str:
    return base64.b64encode(hashlib.sha256("|".join(parts).encode()).digest()).decode()


def as_list(value) -> list:
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [value]


class FakeSignalCli:
    """State + method implementations.  All results are deterministic per process."""

    def __init__(self, accounts, strict_accounts=False, fail_methods=()):
        self.accounts = list(accounts)
        self.strict_accounts = strict_accounts
        self.fail_methods = set(fail_methods)
        self.lock = threading.Lock()
        self.clock = BASE_TIMESTAMP
        self.groups: dict[str, dict[str, dict]] = {}  # account -> id -> signal-cli group
        for account in self.accounts:
            self._ensure_account(account)

    # -- helpers -----------------------------------------------------------
    def _tick(self) -> int:
        self.clock += 1000
        return self.clock

    def _ensure_account(self, account: str) -> dict:
        if account not in self.groups:
            self.groups[account] = {}
            self._add_group(
                account,
                PRESET_GROUP_ID,
                name="Fake Group",
                description="Preset group of the fake signal-cli",
                members=[account] + PRESET_MEMBERS,
                admins=[account],
                link=None,
                pending=["+4915100000004"],
            )
        return self.groups[account]

    def _add_group(self, account, gid, *, name, description="", members=(), admins=(),
                   expiration=0, link=None, add_perm="ONLY_ADMINS", edit_perm="ONLY_ADMINS",
                   pending=(), requesting=()):
        members = list(dict.fromkeys([account] + list(members)))
        admins = list(dict.fromkeys([account] + list(admins)))
        self.groups[account][gid] = {
            "id": gid,
            "name": name,
            "description": description,
            "isMember": True,
            "isBlocked": False,
            "messageExpirationTime": expiration,
            "members": [address(m) for m in members],
            "pendingMembers": [address(p) for p in pending],
            "requestingMembers": [address(r) for r in requesting],
            "admins": [address(a) for a in admins],
            "banned": [],
            "permissionAddMember": add_perm,
            "permissionEditDetails": edit_perm,
            "permissionSendMessage": "EVERY_MEMBER",
            "groupInviteLink": link,
        }
        return self.groups[account][gid]

    def _account(self, params: dict, registration: bool = False) -> str:
        account = params.get("account")
        if not account:
            raise RpcError(INVALID_PARAMS, "Method requires valid account parameter")
        if registration:
            return account
        if account not in self.accounts:
            if self.strict_accounts:
                raise RpcError(INVALID_PARAMS, "Specified account does not exist")
            self.accounts.append(account)
        self._ensure_account(account)
        return account

    def _group(self, account: str, gid: str) -> dict:
        group = self.groups[account].get(gid)
        if group is None:
            raise RpcError(USER_ERROR, f"Failed to send to group: Group not found: {gid}")
        return group

    @staticmethod
    def _results(numbers, group_id=None) -> list:
        out = []
        for number in numbers:
            item = {"recipientAddress": address(number)}
            if group_id:
                item["groupId"] = group_id
            item["type"] = "SUCCESS" if is_registered(number) else "UNREGISTERED_FAILURE"
            out.append(item)
        return out

    def _others(self, account: str, group: dict) -> list:
        return [m["number"] for m in group["members"] if m["number"] != account]

    # -- dispatcher --------------------------------------------------------
    def call(self, method: str, params):
        if params is None:
            params = {}
        if not isinstance(params, dict):
            raise RpcError(INVALID_PARAMS, "params must be an object")
        if method in self.fail_methods:
            raise RpcError(USER_ERROR, f"Fake failure requested for method {method}")
        handler = getattr(self, f"m_{method}", None)
        if handler is None:
            raise RpcError(METHOD_NOT_FOUND, "Method not implemented")
        with self.lock:
            return handler(params)

    # -- methods used by python-signal-cli-rest-api 22.10.6 ----------------
    def m_version(self, params):
        return {"version": SIGNAL_CLI_VERSION}

    def m_listAccounts(self, params):
        return [{"number": a} for a in self.accounts]

    def m_getUserStatus(self, params):
        self._account(params)
        out = []
        for recipient in as_list(params.get("recipient")):
            registered = is_registered(recipient)
            out.append({
                "recipient": recipient,
                "number": recipient if PHONE_RE.match(recipient) else None,
                "uuid": recipient_uuid(recipient) if registered else None,
                "isRegistered": registered,
            })
        return out

    def m_listGroups(self, params):
        account = self._account(params)
        return copy.deepcopy(list(self.groups[account].values()))

    def m_updateGroup(self, params):
        account = self._account(params)
        gid = params.get("groupId")
        members = as_list(params.get("member"))
        admins = as_list(params.get("admin"))
        link = params.get("link")
        timestamp = self._tick()
        if not gid:  # create
            name = params.get("name") or ""
            gid = derive_group_id(account, name, str(len(self.groups[account])))
            perm = {"every-member": "EVERY_MEMBER", "only-admins": "ONLY_ADMINS"}
            self._add_group(
                account, gid,
                name=name,
                description=params.get("description") or "",
                members=members + admins,
                admins=admins,
                expiration=params.get("expiration") or 0,
                link=(f"https://signal.group/#CjQKI{gid[:20]}" if link in ("enabled", "enabled-with-approval") else None),
                add_perm=perm.get(params.get("setPermissionAddMember"), "ONLY_ADMINS"),
                edit_perm=perm.get(params.get("setPermissionEditDetails"), "ONLY_ADMINS"),
            )
            return {"groupId": gid, "timestamp": timestamp}
        group = self._group(account, gid)
        for key, value in (("name", "name"), ("description", "description"),
                           ("expiration", "messageExpirationTime")):
            if params.get(key) is not None:
                group[value] = params[key]
        known = {m["number"] for m in group["members"]}
        group["members"] += [address(m) for m in members if m not in known]
        known_admins = {a["number"] for a in group["admins"]}
        group["admins"] += [address(a) for a in admins if a not in known_admins]
        if link == "disabled":
            group["groupInviteLink"] = None
        elif link in ("enabled", "enabled-with-approval"):
            group["groupInviteLink"] = f"https://signal.group/#CjQKI{gid[:20]}"
        return {"timestamp": timestamp, "results": self._results(self._others(account, group), gid)}

    def m_quitGroup(self, params):
        account = self._account(params)
        gids = as_list(params.get("groupId") or params.get("group-id"))
        if not gids:
            raise RpcError(USER_ERROR, "No group id given")
        timestamp = self._tick()
        results = []
        for gid in gids:
            group = self._group(account, gid)
            results += self._results(self._others(account, group), gid)
            if params.get("delete"):
                del self.groups[account][gid]
            else:
                group["isMember"] = False
                group["members"] = [m for m in group["members"] if m["number"] != account]
                group["admins"] = [a for a in group["admins"] if a["number"] != account]
        return {"timestamp": timestamp, "results": results}

    def m_joinGroup(self, params):
        account = self._account(params)
        # Lenient on purpose: python-signal-cli-rest-api passes the raw (still
        # percent-encoded) path segment, so "#" arrives as "%23"; real signal-cli
        # would reject that link.  The fake decodes it so the endpoint is testable.
        uri = urllib.parse.unquote(params.get("uri") or "")
        if not uri.startswith("https://signal.group/#"):
            raise RpcError(USER_ERROR, "Group link is invalid: Invalid group link")
        gid = derive_group_id("join", uri)
        if gid not in self.groups[account]:
            self._add_group(account, gid, name="Joined Group", members=PRESET_MEMBERS, link=uri)
        timestamp = self._tick()
        group = self.groups[account][gid]
        return {"timestamp": timestamp, "groupId": gid,
                "results": self._results(self._others(account, group), gid)}

    def m_send(self, params):
        account = self._account(params)
        recipients = as_list(params.get("recipient"))
        group_ids = as_list(params.get("groupId"))
        if not recipients and not group_ids:
            raise RpcError(USER_ERROR, "No recipients given")
        timestamp = self._tick()
        results = self._results(recipients)
        for gid in group_ids:
            group = self._group(account, gid)
            results += self._results(self._others(account, group), gid)
        return {"timestamp": timestamp, "results": results}

    def m_sendReaction(self, params):
        account = self._account(params)
        if not params.get("emoji") or params.get("targetTimestamp") is None:
            raise RpcError(INVALID_PARAMS, "emoji and targetTimestamp are required")
        timestamp = self._tick()
        group_ids = as_list(params.get("groupId"))
        if group_ids:
            results = []
            for gid in group_ids:
                results += self._results(self._others(account, self._group(account, gid)), gid)
        else:
            results = self._results(as_list(params.get("recipient")))
        return {"timestamp": timestamp, "results": results}

    def m_register(self, params):
        self._account(params, registration=True)
        return {}

    def m_verify(self, params):
        account = self._account(params, registration=True)
        if not params.get("verificationCode"):
            raise RpcError(USER_ERROR, "Verify error: missing verification code")
        if account not in self.accounts:
            self.accounts.append(account)
            self._ensure_account(account)
        return {}

    def m_updateProfile(self, params):
        self._account(params)
        return {}


class Handler(socketserver.StreamRequestHandler):
    def handle(self):
        buf = b""
        while True:
            chunk = self.connection.recv(65536)
            if not chunk:
                if buf.strip():
                    self.process(buf)
                return
            buf += chunk
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                if not self.process(line):
                    return

    def send_line(self, obj) -> bool:
        try:
            self.connection.sendall(json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode() + b"\n")
            return True
        except OSError:
            return False

    def process(self, line: bytes) -> bool:
        server: "FakeServer" = self.server  # type: ignore[assignment]
        if not line.strip():
            return self.send_line({"jsonrpc": "2.0", "error": {"code": PARSE_ERROR, "message": "Empty input line"}, "id": None})
        try:
            msg = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            return self.send_line({"jsonrpc": "2.0", "error": {"code": PARSE_ERROR, "message": str(exc)}, "id": None})
        if not isinstance(msg, dict) or msg.get("jsonrpc") != "2.0" or not isinstance(msg.get("method"), str):
            rid = msg.get("id") if isinstance(msg, dict) else None
            return self.send_line({"jsonrpc": "2.0", "error": {"code": INVALID_REQUEST, "message": "invalid request"}, "id": rid})
        server.record({"method": msg["method"], "params": msg.get("params"), "id": msg.get("id")})
        if server.notify:
            # signal-cli pushes incoming messages as notifications on the same socket;
            # clients must skip lines whose id is not theirs.
            self.send_line({"jsonrpc": "2.0", "method": "receive", "params": {
                "envelope": {"source": "+4915100000002", "sourceNumber": "+4915100000002",
                             "sourceUuid": recipient_uuid("+4915100000002"), "sourceDevice": 1,
                             "timestamp": BASE_TIMESTAMP, "typingMessage": {"action": "STARTED", "timestamp": BASE_TIMESTAMP}},
                "account": server.fake.accounts[0] if server.fake.accounts else DEFAULT_ACCOUNT}})
        try:
            result = server.fake.call(msg["method"], copy.deepcopy(msg.get("params")))
            reply = {"jsonrpc": "2.0", "result": result, "id": msg.get("id")}
        except RpcError as err:
            reply = {"jsonrpc": "2.0", "error": {"code": err.code, "message": err.message}, "id": msg.get("id")}
        if msg.get("id") is None:  # notification: signal-cli drops the response
            return True
        return self.send_line(reply)


class FakeServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, addr, fake: FakeSignalCli, record_path=None, notify=False):
        super().__init__(addr, Handler)
        self.fake = fake
        self.notify = notify
        self.record_path = record_path
        self.record_lock = threading.Lock()

    def record(self, entry: dict):
        if not self.record_path:
            return
        with self.record_lock, open(self.record_path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
            fh.flush()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("port", nargs="?", type=int, default=0, help="TCP port on 127.0.0.1 (0 = pick a free one)")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--record", metavar="PATH", help="append every received request as a JSON line")
    ap.add_argument("--account", action="append", metavar="NUMBER",
                    help=f"registered account(s) of the fake (default {DEFAULT_ACCOUNT})")
    ap.add_argument("--strict-accounts", action="store_true",
                    help="unknown 'account' params get -32602 'Specified account does not exist'")
    ap.add_argument("--fail", action="append", default=[], metavar="METHOD",
                    help="answer this JSON-RPC method with a signal-cli user error (-1)")
    ap.add_argument("--notify", action="store_true",
                    help="send a 'receive' notification line before every response")
    args = ap.parse_args(argv)

    fake = FakeSignalCli(args.account or [DEFAULT_ACCOUNT], args.strict_accounts, args.fail)
    server = FakeServer((args.host, args.port), fake, args.record, args.notify)
    print(server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    sys.exit(main())
