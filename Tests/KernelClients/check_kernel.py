"""Drives `wwn kernel` with the real Jupyter clients (jupyter_client, nbclient, papermill).

Run by WWKernelTests/KernelClientTests with the kernelspec installed under JUPYTER_PATH.
Usage: check_kernel.py WWN_BINARY REPO_DIR WORK_DIR. Prints "ok NAME" per check, or
"FAIL NAME: why", and exits 1 if any check failed.
"""
import os
import subprocess
import sys
import time

import nbformat
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import wwn_translator  # noqa: E402,F401  (registers papermill's translator for wwn)
import papermill  # noqa: E402

WWN, REPO, WORK = sys.argv[1], sys.argv[2], sys.argv[3]
failures = []


def check(name, condition, detail=""):
    if condition:
        print(f"ok {name}", flush=True)
    else:
        print(f"FAIL {name}: {detail}", flush=True)
        failures.append(name)


def convert(source, target):
    subprocess.run([WWN, "convert", source, target, "--force"], check=True)


def outputs_of(nb):
    return [output for cell in nb.cells if cell.cell_type == "code" for output in cell.get("outputs", [])]


def quickstart_with_nbclient():
    """A converted quickstart (fast=true) plus a failing cell: every output type arrives."""
    path = os.path.join(WORK, "quickstart.ipynb")
    convert(os.path.join(REPO, "notebooks", "quickstart.wwn"), path)
    nb = nbformat.read(path, as_version=4)
    tagged = [i for i, cell in enumerate(nb.cells) if "parameters" in cell.metadata.get("tags", [])]
    check("convert tags the parameters cell", len(tagged) == 1, f"tagged cells: {tagged}")
    if "param fast" in "".join(nb.cells[tagged[0]].source) if tagged else False:
        injected = nbformat.v4.new_code_cell("# Parameters\nparam fast = true", metadata={"tags": ["injected-parameters"]})
        nb.cells.insert(tagged[0] + 1, injected)
    nb.cells.append(nbformat.v4.new_code_cell('print("printed")\n1 + 2'))
    nb.cells.append(nbformat.v4.new_code_cell("no_such_name + 1"))
    started = time.time()
    NotebookClient(nb, kernel_name="wwn", timeout=300, allow_errors=True).execute()
    print(f"  quickstart ran in {time.time() - started:.1f} s", flush=True)
    outputs = outputs_of(nb)
    kinds = {output.output_type for output in outputs}
    check("stream output", any(o.output_type == "stream" and "printed" in o.text for o in outputs), kinds)
    check("execute_result", any(o.output_type == "execute_result" and o.data.get("text/plain") == "3" for o in outputs), kinds)
    figures = [o for o in outputs if o.output_type == "display_data" and "image/png" in o.data]
    check("figure as image/png", bool(figures), kinds)
    check("figure as image/svg+xml", any("<svg" in o.data.get("image/svg+xml", "") for o in figures), "no SVG")
    check("table as text/html", any(o.output_type == "display_data" and "<table" in o.data.get("text/html", "") and "text/plain" in o.data
                                    for o in outputs), kinds)
    errors = [o for o in outputs if o.output_type == "error"]
    check("only the failing cell errs", len(errors) == 1 and errors[0] in nb.cells[-1].outputs,
          [(e.ename, e.evalue) for e in errors])
    if errors:
        error = errors[0]
        check("error carries the wwn diagnostic", "no_such_name" in error.evalue and any("In[" in line for line in error.traceback),
              f"{error.ename}: {error.evalue} {error.traceback}")
    fast = [o for cell in nb.cells for o in cell.get("outputs", []) if o.output_type == "stream" and "training and" in o.text]
    check("fast=true took effect", bool(fast) and "1438 training" in fast[0].text, [o.text for o in fast])


def parameterised_with_papermill():
    """papermill injects n=7 after the parameters cell; converting its output back keeps it."""
    source = os.path.join(WORK, "scaled.wwn")
    with open(source, "w") as handle:
        handle.write("#%% md Scaling\n# A parameterised notebook.\n\n#%% Parameters\nparam n = 2\nlet scaled = n * 10\n\n"
                     "#%% Result\nprint(\"scaled is\", scaled)\n")
    notebook, executed, back = (os.path.join(WORK, name) for name in ("scaled.ipynb", "scaled-out.ipynb", "scaled-back.wwn"))
    convert(source, notebook)
    papermill.execute_notebook(notebook, executed, kernel_name="wwn", parameters={"n": 7}, progress_bar=False)
    nb = nbformat.read(executed, as_version=4)
    texts = "".join(o.get("text", "") for o in outputs_of(nb) if o.output_type == "stream")
    check("papermill parameter takes effect", "scaled is 70" in texts, texts)
    convert(executed, back)
    with open(back) as handle:
        text = handle.read()
    check("papermill's injected value maps back to param", "param n = 7" in text and "injected" not in text, text)


def wait_reply(client, msg_id, timeout=30):
    while True:
        reply = client.get_shell_msg(timeout=timeout)
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply


def session_requests_and_interrupt():
    """Interrupts (signal and interrupt_request) stop a loop and keep the session's state."""
    manager = KernelManager(kernel_name="wwn")
    manager.start_kernel()
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=60)
        time.sleep(1.5)  # a few heartbeats
        check("heartbeat", client.hb_channel.is_beating(), "no heartbeat echo")
        info = client.kernel_info(reply=True, timeout=30)["content"]
        check("kernel_info", info["protocol_version"] == "5.3" and info["language_info"]["name"] == "wwn", info)
        reply = client.execute_interactive("var kept = 41", timeout=30)
        check("execute ok", reply["content"]["status"] == "ok", reply["content"])
        for attempt, interrupt in (("signal", manager.interrupt_kernel), ("interrupt_request", None)):
            started = time.time()
            msg_id = client.execute("var i = 0\nwhile true { i += 1 }")
            time.sleep(1.0)
            if interrupt:
                interrupt()
            else:
                request = client.session.msg("interrupt_request", {})
                client.control_channel.send(request)
                control = client.get_control_msg(timeout=10)
                check("interrupt_reply on control", control["msg_type"] == "interrupt_reply", control["msg_type"])
            reply = wait_reply(client, msg_id)
            check(f"interrupt ({attempt}) ends the loop", reply["content"]["status"] == "error"
                  and reply["content"]["ename"] == "interrupted" and time.time() - started < 20, reply["content"])
        results = []
        client.execute_interactive("kept + 1", timeout=30, output_hook=lambda m: results.append(m))
        values = [m["content"]["data"]["text/plain"] for m in results if m["msg_type"] == "execute_result"]
        check("state kept after interrupts", values == ["42"], values)
        completion = client.complete("ke", 2, reply=True, timeout=30)["content"]
        check("complete", "kept" in completion["matches"] and completion["cursor_start"] == 0, completion)
        inspection = client.inspect("len(x)", 1, reply=True, timeout=30)["content"]
        check("inspect", inspection["found"] and "len" in inspection["data"]["text/plain"], inspection)
        states = {code: wait_reply(client, client.is_complete(code))["content"]["status"] for code in ("if kept > 1 {", "1 + 1", ")")}
        check("is_complete", states == {"if kept > 1 {": "incomplete", "1 + 1": "complete", ")": "invalid"}, states)
        comm = client.comm_info(reply=True, timeout=30)["content"]
        check("comm_info is empty", comm["status"] == "ok" and comm["comms"] == {}, comm)
        history = client.history(reply=True, timeout=30)["content"]
        check("history", history["status"] == "ok", history)
        shutdown = client.shutdown(reply=True, timeout=30)["content"]
        process = manager.provisioner.process
        code = process.wait(timeout=15)
        check("shutdown ends the process", shutdown["status"] == "ok" and code == 0, (shutdown, code))
    finally:
        client.stop_channels()
        if manager.is_alive():
            manager.shutdown_kernel(now=True)


for scenario in (session_requests_and_interrupt, parameterised_with_papermill, quickstart_with_nbclient):
    try:
        scenario()
    except Exception as error:  # a client error is a failed check, with its message
        check(scenario.__name__, False, repr(error))

sys.exit(1 if failures else 0)
