"""Seeding reference data through roster's public API, for the roster tests."""

from __future__ import annotations

import uuid
from typing import ClassVar

import httpx


class Seed:
    """Reference data through the public API, with unique names so that tests can share a database."""

    ALL: ClassVar[list[str]] = ["leader", "operator", "technician", "guard"]

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def _post(self, path: str, body: dict) -> dict:
        response = await self.client.post(path, json=body)
        assert response.status_code == 201, response.text
        return response.json()

    async def campaign(self, lunar_year: int = 2027) -> dict:
        # the season's Tết campaign, never a drill another test opened in the same lunar year (order-independent)
        found = (await self.client.get("/campaigns", params={"lunar_year": lunar_year, "kind": "tet"})).json()["items"]
        return found[0] if found else await self._post("/campaigns", {"lunar_year": lunar_year})

    async def enterprise(self, name: str = "VNPT Long An", sector: str = "telecom") -> dict:
        return await self._post("/enterprises", {"name": f"{name} {uuid.uuid4().hex[:6]}", "sector": sector})

    async def site(self, enterprise: dict, name: str = "Trạm Tân Hưng", **extra: object) -> dict:
        return await self._post(
            "/sites",
            {
                "enterprise_id": enterprise["id"],
                "name": f"{name} {uuid.uuid4().hex[:4]}",
                "kind": "base_station",
                **extra,
            },
        )

    async def staff(
        self, enterprise: dict, name: str = "Nguyễn Thị Ánh Tuyết", qualifications=None, **extra: object
    ) -> dict:
        body = {
            "enterprise_id": enterprise["id"],
            "full_name": name,
            "email": f"{uuid.uuid4().hex[:10]}@longan.vn",
            "qualifications": self.ALL if qualifications is None else qualifications,
            **extra,
        }
        return await self._post("/staff", body)

    async def account(self, person: dict, *, active: bool = True) -> dict:
        """A duty staff account linked to `person`'s record (active: they can sign in and check in themselves)."""
        body = {
            "login": f"{uuid.uuid4().hex[:10]}@longan.vn",
            "display_name": person["full_name"],
            "role": "staff",
            "password": "cây đa đầu làng 2027",
            "staff_id": person["id"],
        }
        account = await self._post("/accounts", body)
        if not active:
            off = await self.client.patch(
                f"/accounts/{account['id']}", json={"active": False}, headers={"If-Match": f'"{account["version"]}"'}
            )
            assert off.status_code == 200, off.text
            account = off.json()
        return account

    async def world(self) -> tuple[dict, dict, dict]:
        """A campaign, a fresh enterprise and one fully qualified person of it."""
        campaign = await self.campaign()
        enterprise = await self.enterprise()
        person = await self.staff(enterprise)
        return campaign, enterprise, person


def shift_body(
    campaign: dict,
    enterprise: dict,
    people: list[dict],
    *,
    starts_at: str = "2027-02-05T22:00:00+07:00",
    ends_at: str = "2027-02-06T06:00:00+07:00",
    duty_type: str = "operations",
    **extra: object,
) -> dict:
    return {
        "campaign_id": campaign["id"],
        "enterprise_id": enterprise["id"],
        "duty_type": duty_type,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "assignees": [{"staff_id": p["id"]} for p in people],
        **extra,
    }
