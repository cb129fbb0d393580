"""Restore the genuine papers listed in SOURCES.toml from local git mirrors.

    python eval/real/restore.py MIRRORS_DIR [DEST]

MIRRORS_DIR holds one bare clone per source repository, named owner+name/repo
(as `git clone --mirror` into that name leaves it). Each blob is read at its recorded
commit and checked against its sha256; DEST defaults to ~/.cache/briefbot/real-papers.
"""

import hashlib
import subprocess
import sys
import tomllib
from pathlib import Path


def main(mirrors: Path, dest: Path) -> int:
    sources = tomllib.loads((Path(__file__).parent / "SOURCES.toml").read_text())
    missing = 0
    for paper in sources["paper"]:
        git_dir = mirrors / paper["repo"].replace("/", "+") / "repo"
        if (git_dir / ".git").is_dir():  # a clone with a work tree rather than a bare mirror
            git_dir = git_dir / ".git"
        spec = f"{paper['commit']}:{paper['repo_path']}"
        shown = subprocess.run(
            ["git", "--git-dir", str(git_dir), "show", spec], capture_output=True, check=False
        )
        data = shown.stdout
        if shown.returncode or hashlib.sha256(data).hexdigest() != paper["sha256"]:
            print(f"missing or changed: {paper['path']}", file=sys.stderr)
            missing += 1
            continue
        target = dest / paper["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    print(f"{len(sources['paper']) - missing} papers restored to {dest}, {missing} missing")
    return 1 if missing else 0


if __name__ == "__main__":
    default = Path.home() / ".cache" / "briefbot" / "real-papers"
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2]) if len(sys.argv) > 2 else default))
