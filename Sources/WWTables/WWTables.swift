// WWTables — tabular values for wwn.
//
// This module is a domain module: it knows nothing of the wwn language, its
// syntax or its interpreter, and depends on Foundation only. The interpreter
// adapts its own values to `Cell` and wraps `DataTable` as a language value;
// keeping the dependency one-way lets tables be tested, reused and optimized
// without the language in the loop.
//
// Map of the module:
// - `Cell.swift`, `Cell+Ordering.swift`, `Cell+Formatting.swift`: one value in
//   a table, its total sort order and its display forms.
// - `TableError.swift`: every error the module throws.
// - `DataTable.swift`: storage, construction, access and growth.
// - `DataTable+Transforming.swift`: operations that return a new table
//   (select, filter, sort, head, tail, append, copy).
// - `Aggregation.swift`, `DataTable+Grouping.swift`: group_by aggregates and pivot.
// - `DataTable+Joining.swift`: inner/left/right/outer joins on key columns.
// - `CSV.swift`: RFC 4180 reading (with type inference) and atomic writing.
// - `RowWindow.swift`, `ColumnAlignment.swift`, `DisplayWidth.swift`: shared
//   by the renderers — which rows a long table shows, which side values align
//   to, and how wide text is in a terminal.
// - `DataTable+TextRendering.swift`, `DataTable+MarkdownRendering.swift`,
//   `DataTable+HTMLRendering.swift`: the three displays.
