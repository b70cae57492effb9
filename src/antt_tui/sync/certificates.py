"""The commune's signed word that a laptop key belongs to one of its villages: made at
enrolment, carried in every bundle of that laptop, checked at merge."""

from __future__ import annotations

import base64
from typing import Any

import orjson

from antt_tui.sync.identity import Identity
from antt_tui.sync.keys import PublicKeys

__all__ = ["certificate", "check_certificate"]


def certificate(me: Identity, village_id: str, public: PublicKeys) -> dict[str, str]:
    """The commune's word, signed, that a laptop key belongs to a village: carried in every
    bundle of that laptop, it lets a commune key restored on a new laptop (which has lost the
    list of enrolled laptops) accept the villages' bundles."""
    body = orjson.dumps({"commune": me.commune_id, "village": village_id,
                         "device": public.fingerprint(), "public": public.to_json()},
                        option=orjson.OPT_SORT_KEYS)
    return {"body": body.decode(), "sig": base64.b64encode(me.keys.sign(body)).decode()}


def check_certificate(me: Identity, cert: Any) -> tuple[PublicKeys, str]:
    """The laptop's public keys and village from a certificate this commune signed."""
    from antt_tui.sync.errors import BadSignature
    from antt_tui.sync.keys import verify

    if not isinstance(cert, dict) or "body" not in cert or "sig" not in cert:
        raise BadSignature("Gói không có giấy chứng nhận của xã cho máy gửi.")
    body = str(cert["body"]).encode()
    verify(me.commune_public, body, base64.b64decode(cert["sig"]))
    data = orjson.loads(body)
    if data.get("commune") != me.commune_id:
        raise BadSignature("Giấy chứng nhận của máy gửi thuộc một xã khác.")
    return PublicKeys.from_json(data["public"]), data["village"]
