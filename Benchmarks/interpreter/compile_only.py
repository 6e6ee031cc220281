# CPython's front end alone, the counterpart of `wwn lint`: source to bytecode, nothing runs.
import sys

with open(sys.argv[1]) as f:
    compile(f.read(), sys.argv[1], "exec")
