"""The `assistant` command: ask and index here; serve, eval and bench plug in from their packages.

Commands from other packages are found through the "assistant.commands" entry points and
imported only when run, so `assistant ask` never imports Gradio and assistant never imports ui.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from importlib import metadata
from pathlib import Path

from index import AssistantError, ConfigError, InputError, Settings, document_from_bytes, safe_name

EXIT_INPUT = 2
EXIT_ERROR = 1

BUILTIN = {
    "ask": "Answer a question about the documents, with the sentences it rests on.",
    "index": "Build or refresh the index from the seeds folder.",
    "add": "Add a .txt or .md file to the documents (kept in the store folder) and index it.",
    "remove": "Remove a document added with `assistant add` or in the web chat.",
    "prepare": "Export the embedding model and the learned reader to ONNX for the read path (make setup runs it).",
}


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    plugins = {ep.name: ep for ep in metadata.entry_points(group="assistant.commands")}
    parser = argparse.ArgumentParser(prog="assistant", description="Cited answers about the documents in seeds/.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ask = commands.add_parser("ask", help=BUILTIN["ask"], description=BUILTIN["ask"])
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="print the answer as one JSON object")
    ask.add_argument("--source", help="answer from this document only (e.g. added/notes.md)")
    commands.add_parser("index", help=BUILTIN["index"], description=BUILTIN["index"])
    add = commands.add_parser("add", help=BUILTIN["add"], description=BUILTIN["add"])
    add.add_argument("file", type=Path)
    add.add_argument("--name", help="the name to cite it under (default: the file's name)")
    remove = commands.add_parser("remove", help=BUILTIN["remove"], description=BUILTIN["remove"])
    remove.add_argument("name", help="added/NAME, or NAME")
    commands.add_parser("prepare", help=BUILTIN["prepare"], description=BUILTIN["prepare"])

    chosen = next((a for a in args_list if not a.startswith("-")), None)
    runners: dict[str, Callable[[argparse.Namespace, Settings], int]] = {
        "ask": _ask,
        "index": _index,
        "add": _add,
        "remove": _remove,
        "prepare": _prepare,
    }
    for name, entry in sorted(plugins.items()):
        if name in runners:
            continue
        if name == chosen:
            module = entry.load()  # only the command being run is imported
            sub = commands.add_parser(name, help=module.HELP, description=module.HELP)
            module.configure(sub)
            runners[name] = module.run
        elif chosen is None:  # `assistant --help`: each command's own line (the modules import light)
            commands.add_parser(name, help=entry.load().HELP, add_help=False)
        else:
            commands.add_parser(name, add_help=False)

    # parse_args would report an unknown option against the top-level usage ("assistant [-h]
    # COMMAND"); the user typed it to a command, so that command's usage is the one to show.
    args, unknown = parser.parse_known_args(args_list)
    if unknown:
        before = args_list.index(unknown[0]) < args_list.index(args.command)
        (parser if before else commands.choices[args.command]).error(f"unrecognized arguments: {' '.join(unknown)}")
    try:
        code = runners[args.command](args, Settings.from_env())
        sys.stdout.flush()  # here, so that a closed pipe is met below and not at exit
        return code
    except (InputError, ConfigError) as error:  # the user's to mend: the question, a file, a setting
        print(f"error: {error}", file=sys.stderr)
        return EXIT_INPUT
    except AssistantError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of our output left (`assistant ask ... | head -3`): nothing more to say.
        # stdout goes to /dev/null so that Python's own flush at exit does not fail again.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # as a shell reports a command ended by SIGPIPE


def _ask(args: argparse.Namespace, settings: Settings) -> int:
    from .chain import Assistant

    # Checked before the model loads: a bad question should not cost ten seconds.
    if not args.question.strip():
        raise InputError("Please type a question.")
    result = Assistant.open(settings).answer(args.question, source=args.source)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return 0
    if result.notice:
        print(f"note: {result.notice}", file=sys.stderr)
    print(result.text)
    if result.citations:
        print("\nSources:" if result.answered else "\nRelated sources:")
        for n, citation in enumerate(result.citations, 1):
            print(f"[{n}] {citation.source}, characters {citation.start}-{citation.end}:")
            print(f"    “{' '.join(citation.text.split())}”")
    return 0


def _index(args: argparse.Namespace, settings: Settings) -> int:
    from .chain import Assistant

    assistant = Assistant(replace(settings, auto_index=False), defer_load=True)
    report = assistant.index(progress=sys.stderr.isatty())
    for problem in report.skipped:
        print(problem, file=sys.stderr)  # "notes.txt: permission denied, skipped"
    for duplicate, kept in report.duplicates:
        print(f"{duplicate}: same text as {kept}, indexed once as {kept}", file=sys.stderr)
    print(report.summary())
    return 0


def _add(args: argparse.Namespace, settings: Settings) -> int:
    from .chain import Assistant

    path: Path = args.file
    try:
        raw = path.read_bytes()  # read first: a missing file should not cost loading the model
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror or error})") from None
    name = args.name or path.name
    safe_name(name)  # and a refused name neither
    document_from_bytes(path.name, raw)
    assistant = Assistant.open(settings)
    known = set(assistant.sources())
    source = assistant.add_document(name, raw)
    count = sum(1 for c in assistant.document(source).sentences)
    sentences = f"{count} sentence{'' if count == 1 else 's'}"
    print(
        f"{source} was already added, with this text ({sentences})"
        if source in known
        else f"added {source}: {sentences}"
    )
    return 0


def _remove(args: argparse.Namespace, settings: Settings) -> int:
    from .chain import Assistant

    assistant = Assistant.open(settings)
    print(f"removed {assistant.remove_document(args.name)}")
    return 0


def _prepare(args: argparse.Namespace, settings: Settings) -> int:
    from index.embeddings import embedder_export

    from .judge import reader_export

    for export in (embedder_export(), reader_export()):
        path = export.ensure()
        size = sum(p.stat().st_size for p in path.parent.glob(f"{path.name}*"))
        print(f"{export.name}: {path} ({size / 2**20:.0f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
