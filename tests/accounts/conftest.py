from tests.web.conftest import *  # noqa: F401,F403  (the role fixtures)
