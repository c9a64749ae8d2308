"""pydicom's side of `Dokuei.Bench parse`: reads every file of a list, timing only the loop (imports and startup excluded).

usage: pydicom-parse.py check|header|full LISTFILE
  check   prints the files pydicom cannot read fully (dcmread + PixelData), one per line
  header  dcmread(f, stop_before_pixels=True) for each file; prints the seconds the loop took
  full    dcmread(f) and ds.PixelData for each file; prints the seconds the loop took
"""
import sys
import time

import pydicom

mode, list_file = sys.argv[1], sys.argv[2]
with open(list_file, encoding="utf-8") as f:
    files = [line.rstrip("\n") for line in f if line.strip()]

if mode == "check":
    for name in files:
        try:
            ds = pydicom.dcmread(name)
            if "PixelData" in ds:
                ds.PixelData
            for element in ds.iterall():
                element.value
        except Exception:  # any failure excludes the file from every side
            print(name)
elif mode == "header":
    start = time.perf_counter()
    for name in files:
        pydicom.dcmread(name, stop_before_pixels=True)
    print(time.perf_counter() - start)
elif mode == "full":
    start = time.perf_counter()
    for name in files:
        ds = pydicom.dcmread(name)
        if "PixelData" in ds:
            ds.PixelData
    print(time.perf_counter() - start)
else:
    sys.exit("unknown mode " + mode)
