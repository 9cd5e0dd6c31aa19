"""What accounts and tokens cost per request, with the production settings:

  argon2id verify   one password check at sign-in (ROSTER_PASSWORD_HASH_* defaults: time cost 3,
                    64 MiB, parallelism 4) — slow on purpose; it bounds sign-ins per core
  token issue       signing an EdDSA access token (roster, at sign-in and renewal)
  token verify      checking one (every service, on every request but health and feeds): a token's
                    first use checks its signature; later uses of the same token find it remembered
                    (lichtruc.auth.VERIFIED_TOKENS) and check only its expiry

Run: .venv/bin/python bench/bench_auth_costs.py
"""

from __future__ import annotations

import statistics
import time
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher

from lichtruc.auth import Principal, generate_keypair, issue_access_token, verify_access_token
from roster.settings import RosterSettings


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def report(name: str, samples: list[float]) -> None:
    samples = sorted(samples)
    p95 = samples[int(len(samples) * 0.95) - 1]
    print(f"{name:24} median {statistics.median(samples):8.3f} ms   p95 {p95:8.3f} ms   ({len(samples)} runs)")


def main() -> None:
    private, public = generate_keypair()
    defaults = RosterSettings.model_fields
    hasher = PasswordHasher(
        time_cost=defaults["password_hash_time_cost"].default,
        memory_cost=defaults["password_hash_memory_kib"].default,
        parallelism=defaults["password_hash_parallelism"].default,
    )
    stored = hasher.hash("Tết đến xuân về 2027")
    report("argon2id verify", timed(lambda: hasher.verify(stored, "Tết đến xuân về 2027"), 30))

    who = Principal(account_id="a1", role="manager", enterprise_ids=frozenset({"e1", "e2"}), name="m@vnpt.vn")
    token = issue_access_token(who, private_key_pem=private, now=datetime.now(UTC), ttl=timedelta(minutes=15))
    report(
        "token issue",
        timed(
            lambda: issue_access_token(who, private_key_pem=private, now=datetime.now(UTC), ttl=timedelta(minutes=15)),
            2000,
        ),
    )
    fresh = iter(
        [
            issue_access_token(who, private_key_pem=private, now=datetime.now(UTC), ttl=timedelta(minutes=15))
            for _ in range(2000)
        ]
    )
    report("token verify, first use", timed(lambda: verify_access_token(next(fresh), public_key_pem=public), 2000))
    report("token verify, again", timed(lambda: verify_access_token(token, public_key_pem=public), 2000))


if __name__ == "__main__":
    main()
