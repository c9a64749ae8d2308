"""Prints pydicom's DICOM JSON (Dataset.to_json_dict) of DICOM files, one JSON line per file.

Usage: pydicom_json.py --data-dir          prints pydicom's data folder (its test and character set files)
       pydicom_json.py FILE...             prints {"path": FILE, "json": {...}} or {"path": FILE, "error": "..."}
                                           and, for elements pydicom could not serialise, "suppressed": ["GGGGEEEE", ...]

Run once over all files: starting Python and importing pydicom costs more than reading the files.
"""
import json
import math
import os
import sys
import warnings

import pydicom
import pydicom.data
from pydicom.dataset import Dataset


def to_json(path):
    # force=True: pydicom 2.3 refuses files without file meta information otherwise.
    ds = pydicom.dcmread(path, force=True)
    suppressed = []

    def element_json(dataset):
        # Dataset.to_json_dict with suppress_invalid_tags=True drops what it cannot serialise without saying which;
        # this does the same per element and records the tags, nested in sequences too.
        out = {}
        for key in dataset.keys():
            elem = dataset[key]
            try:
                if elem.VR == "SQ":
                    # As DataElement.to_json_dict writes it: "Value" even when the sequence is empty.
                    out["{:08X}".format(key)] = {"vr": "SQ", "Value": [element_json(item) for item in elem.value]}
                else:
                    out["{:08X}".format(key)] = elem.to_json_dict(
                        bulk_data_element_handler=None, bulk_data_threshold=1 << 62)
            except Exception as e:  # pydicom raises whatever its value conversion raises
                suppressed.append("{:08X}: {}".format(key, e))
        return out

    # Like Dataset.to_json_dict, file meta information (group 0002) is not in ds.keys().
    return element_json(ds), suppressed


def finite(value):
    """JSON has no NaN or infinity: they become the strings "NaN", "Infinity", "-Infinity" (as DicomJsonWriter writes them)."""
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [finite(v) for v in value]
    return value


def main():
    if sys.argv[1:] == ["--data-dir"]:
        print(os.path.dirname(pydicom.data.__file__))
        return
    warnings.simplefilter("ignore")
    out = sys.stdout
    for path in sys.argv[1:]:
        try:
            js, suppressed = to_json(path)
            line = {"path": path, "json": finite(js)}
            if suppressed:
                line["suppressed"] = suppressed
        except Exception as e:
            line = {"path": path, "error": "{}: {}".format(type(e).__name__, e)}
        out.write(json.dumps(line, ensure_ascii=False, allow_nan=False) + "\n")
    out.flush()


if __name__ == "__main__":
    main()
