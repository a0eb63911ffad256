import pytest

import graphae.compat


@pytest.fixture
def theano():
    """The Theano layer installed as ``theano`` for one test."""
    with graphae.compat.installed():
        import theano

        yield theano
