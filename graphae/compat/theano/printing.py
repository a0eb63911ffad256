"""``theano.printing``: text printing of graphs."""

from pytensor.printing import debugprint, pp

__all__ = ["debugprint", "pp", "pydotprint"]

from graphae.compat.theano._table import unsupported

pydotprint = unsupported("theano.printing.pydotprint")
