# These modules raise ImportError on purpose (unsupported Theano backends);
# doctest collection must not import them.
collect_ignore = ["graphae/compat/theano/gpuarray.py", "graphae/compat/theano/sandbox/cuda.py"]
# Old module paths that are aliases of graphae.training.* (their doctests run there).
collect_ignore += ["graphae/callbacks.py", "graphae/history.py", "graphae/progress.py"]
