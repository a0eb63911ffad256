# These modules raise ImportError on purpose (unsupported Theano backends);
# doctest collection must not import them.
collect_ignore = ["graphae/compat/theano/gpuarray.py", "graphae/compat/theano/sandbox/cuda.py"]
