"""The starsessions store over the account repository: the cookie carries only a random session id."""

from starlette.concurrency import run_in_threadpool
from starsessions.stores import SessionStore

from alerting.accounts.repository import AccountRepository


class RepositorySessionStore(SessionStore):
    """Server-side session rows; an unknown or expired id reads as an empty session."""

    def __init__(self, repository: AccountRepository) -> None:
        self._repository = repository

    async def read(self, session_id: str, lifetime: int) -> bytes:
        return await run_in_threadpool(self._repository.read_session, session_id)

    async def write(self, session_id: str, data: bytes, lifetime: int, ttl: int) -> str:
        await run_in_threadpool(self._repository.write_session, session_id, data, ttl)
        return session_id

    async def remove(self, session_id: str) -> None:
        await run_in_threadpool(self._repository.remove_session, session_id)
