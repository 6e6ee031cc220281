/// The CSS inlined into index.html, so the report is one self-contained file that looks the
/// same offline, attached to a mail or archived by CI.
enum ReportStylesheet {
    static let css = """
    :root { color-scheme: light; --fg: #1f2328; --muted: #656d76; --line: #d0d7de; --code-bg: #f6f8fa;
            --ok: #1a7f37; --bad: #cf222e; --warn: #9a6700; }
    * { box-sizing: border-box; }
    body { margin: 0; color: var(--fg); background: #fff;
           font: 15px/1.55 -apple-system, BlinkMacSystemFont, "Segoe UI", Helvetica, Arial, sans-serif; }
    main, header.report { max-width: 62rem; margin: 0 auto; padding: 0 1.5rem; }
    header.report { padding-top: 1.5rem; padding-bottom: 0.5rem; border-bottom: 1px solid var(--line); }
    header.report h1 { margin: 0 0 0.25rem; font-size: 1.8rem; }
    .meta { color: var(--muted); margin: 0.25rem 0; }
    .status { display: inline-block; margin: 0.5rem 0; padding: 0.2rem 0.6rem; border-radius: 0.4rem; font-weight: 600; }
    .status.succeeded { color: var(--ok); background: #dafbe1; }
    .status.failed { color: var(--bad); background: #ffebe9; }
    .status.interrupted, .status.exited { color: var(--warn); background: #fff8c5; }
    .status a { color: inherit; }
    table.parameters { border-collapse: collapse; margin: 0.5rem 0 1rem; font-size: 0.9rem; }
    table.parameters th, table.parameters td { border: 1px solid var(--line); padding: 0.2rem 0.6rem; text-align: left; }
    table.parameters td.source { color: var(--muted); }
    section.cell { margin: 1.5rem 0; }
    section.cell.code { border-left: 3px solid var(--line); padding-left: 0.9rem; }
    section.cell.failed { border-left-color: var(--bad); }
    section.cell.interrupted, section.cell.exited { border-left-color: var(--warn); }
    section.cell.not-run { opacity: 0.55; }
    .cell-header { display: flex; gap: 0.6rem; align-items: baseline; font-size: 0.9rem; color: var(--muted); margin-bottom: 0.3rem; }
    .cell-header .title { color: var(--fg); font-weight: 600; }
    .cell-header .badge { font-weight: 600; text-transform: uppercase; font-size: 0.75rem; letter-spacing: 0.04em; }
    .cell.failed .badge { color: var(--bad); }
    .cell.interrupted .badge, .cell.exited .badge { color: var(--warn); }
    .cell-header .time { margin-left: auto; font-variant-numeric: tabular-nums; }
    pre { margin: 0.4rem 0; padding: 0.6rem 0.8rem; border-radius: 0.4rem; white-space: pre-wrap; overflow-wrap: anywhere;
          font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
    pre.source { background: var(--code-bg); border: 1px solid var(--line); }
    pre.source .line { display: block; padding-left: 4.2ch; text-indent: -4.2ch; }
    pre.source .ln { display: inline-block; width: 3ch; margin-right: 1.2ch; text-align: right; color: #8c959f; text-indent: 0;
                     user-select: none; -webkit-user-select: none; }
    pre.source .k { color: #cf222e; } pre.source .kc, pre.source .m { color: #0550ae; }
    pre.source .s { color: #0a3069; } pre.source .c { color: #6e7781; font-style: italic; }
    pre.source .o { color: #953800; } pre.source .nf { color: #8250df; }
    pre.output { background: #fff; border: 1px dashed var(--line); }
    p.expectation-note { color: #6a5d00; font-size: 0.85em; margin: 0.3em 0; }
    pre.error { background: #ffebe9; border: 1px solid #ffcecb; color: #82071e; }
    .table-output { overflow-x: auto; margin: 0.4rem 0; }
    table.wwn-table { border-collapse: collapse; font-size: 0.85rem; font-variant-numeric: tabular-nums; }
    table.wwn-table caption { caption-side: bottom; text-align: left; color: var(--muted); padding-top: 0.3rem; }
    table.wwn-table th, table.wwn-table td { padding: 0.2rem 0.7rem; border-bottom: 1px solid #eaeef2; text-align: left; }
    table.wwn-table thead th { border-bottom: 2px solid var(--line); }
    table.wwn-table .num { text-align: right; }
    table.wwn-table td.null { color: #8c959f; }
    table.wwn-table tr.elided td { color: var(--muted); text-align: center; font-style: italic; }
    figure { margin: 0.6rem 0; }
    figure img { max-width: 100%; height: auto; cursor: zoom-in; }
    figure figcaption { color: var(--muted); font-size: 0.9rem; margin-top: 0.2rem; }
    nav.toc { max-width: 62rem; margin: 1rem auto 0; padding: 0 1.5rem; font-size: 0.9rem; }
    nav.toc .toc-title { font-weight: 600; margin: 0 0 0.3rem; }
    nav.toc ul { list-style: none; margin: 0; padding: 0.5rem 0.9rem; border: 1px solid var(--line); border-radius: 0.4rem; }
    nav.toc.columns ul { columns: 2 20rem; }
    nav.toc li { break-inside: avoid; }
    nav.toc .toc-level-2 { padding-left: 1.2rem; } nav.toc .toc-level-3 { padding-left: 2.4rem; }
    nav.toc .toc-level-4 { padding-left: 3.6rem; }
    nav.toc a { color: #0969da; text-decoration: none; } nav.toc a:hover { text-decoration: underline; }
    nav.toc li.failed a, nav.toc li.interrupted a { color: var(--bad); }
    math.wwn-math { font-size: 1.1em; }
    math.wwn-math[display="block"] { margin: 0.6rem 0; overflow-x: auto; }
    .markdown table { border-collapse: collapse; margin: 0.6rem 0; font-size: 0.9rem; display: block; overflow-x: auto; }
    .markdown th, .markdown td { border: 1px solid var(--line); padding: 0.3rem 0.8rem; }
    .markdown thead th { background: var(--code-bg); font-weight: 600; }
    .markdown tbody tr:nth-child(2n) { background: #f6f8fa; }
    .markdown blockquote { margin: 0.6rem 0; padding: 0 1rem; color: var(--muted); border-left: 0.25rem solid var(--line); }
    .markdown img { max-width: 100%; }
    .markdown h1, .markdown h2, .markdown h3 { line-height: 1.25; }
    .markdown code { background: var(--code-bg); padding: 0.1rem 0.3rem; border-radius: 0.3rem; font-size: 0.9em; }
    .markdown pre code { background: none; padding: 0; }
    .markdown pre { background: var(--code-bg); }
    footer { max-width: 62rem; margin: 2rem auto; padding: 0 1.5rem; color: var(--muted); font-size: 0.8rem; }
    """
}
