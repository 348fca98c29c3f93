"""Time the template workbook's jobs, and (with --pictures) render its tabs for the README.

    python benchmarks/bench_template.py              # timings
    python benchmarks/bench_template.py --pictures   # also workbook/img/*.png (needs soffice)

Run by hand, not in CI.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _best(f, n: int = 3) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return min(times)


def timings(tmp: Path) -> None:
    from ftcost.template import read_filled_template, template_bytes, update_prices, write_template

    t = time.perf_counter()
    import ftcost.template  # noqa: F401

    print(f"import ftcost.template        {time.perf_counter() - t:6.3f} s")
    print(f"template_bytes (default)      {_best(lambda: template_bytes('default')):6.3f} s")
    p = tmp / "t.xlsx"
    write_template(p, "article", force=True)
    print(f"read_filled_template          {_best(lambda: read_filled_template(p)):6.3f} s")

    def upd():
        write_template(p, "article", force=True)
        update_prices(p, "default")

    print(f"write + update-prices         {_best(upd):6.3f} s")
    print(f"file size                     {p.stat().st_size / 1024:6.0f} KiB")


def pictures(tmp: Path, sheets: dict[str, str]) -> None:
    """The first page of each sheet: LibreOffice → PDF → pdftoppm, margins cropped.

    A page is found by its footer ("Break-even — page 4 of 14").
    """
    from PIL import Image, ImageChops

    from ftcost.template import write_template

    exe = shutil.which("soffice")
    if exe is None:
        sys.exit("soffice is needed for --pictures")
    profile = tmp / "profile"
    out_dir = ROOT / "workbook" / "img"
    out_dir.mkdir(parents=True, exist_ok=True)
    src = tmp / "template.xlsx"
    write_template(src, "default", force=True)
    subprocess.run(
        [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to",
         "pdf", "--outdir", str(tmp), str(src)],
        check=True, capture_output=True, env={**os.environ, "HOME": str(profile)},
    )  # fmt: skip
    pdf = tmp / "template.pdf"
    pages = {}
    page = 1
    while True:
        text = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
            capture_output=True, text=True,
        )  # fmt: skip
        if text.returncode != 0:
            break
        for sheet in sheets:
            if f"{sheet} — page" in text.stdout and sheet not in pages:
                pages[sheet] = page
        page += 1
    for sheet, name in sheets.items():
        n = pages[sheet]
        subprocess.run(
            ["pdftoppm", "-png", "-r", "110", "-f", str(n), "-l", str(n), "-singlefile",
             str(pdf), str(tmp / name)],
            check=True,
        )  # fmt: skip
        img = Image.open(tmp / f"{name}.png").convert("RGB")
        bbox = ImageChops.difference(img, Image.new("RGB", img.size, "white")).getbbox()
        if bbox:
            pad = 12
            img = img.crop((max(0, bbox[0] - pad), max(0, bbox[1] - pad),
                            min(img.width, bbox[2] + pad), min(img.height, bbox[3] + pad)))  # fmt: skip
        target = out_dir / f"{name}.png"
        img.save(target, optimize=True)
        print(f"wrote {target.relative_to(ROOT)} {img.size} (PDF page {n})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--pictures", action="store_true", help="render workbook/img/*.png")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        timings(Path(d))
        if a.pictures:
            pictures(
                Path(d), {"Break-even": "break-even", "Compare providers": "compare-providers"}
            )


if __name__ == "__main__":
    main()
