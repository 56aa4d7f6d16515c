// Package report assembles touchpoint's study report, the document a CX team
// reads: what was ingested and excluded, then per process the journey with
// its steps in order, the scores of the process and of every step, per
// segment and per wave with the changes between waves, the drivers (package
// journey), and the priorities, funnel and channels (package priority). The
// HTML page opens instead with a summary (what to fix first, the quick wins,
// the predicted outcome with every step at its target) and ends with what
// was read.
//
// [Build] computes the document ([Doc]) from a study; its methods write it as
// aligned text, Markdown, JSON, tidy CSV and one self-contained HTML page
// with inline SVG charts ([Doc.WriteHTML]), and the charts as SVG and PNG
// files ([Doc.WriteCharts]), with the texts and numbers of a language from
// package internal/i18n. JSON and CSV field names are English whatever the
// language, and the JSON document carries "schema_version".
//
// Build reads the study and never modifies it, and writing a Doc does not
// modify it: reports of one study may be built and written on several
// goroutines at once (tested with the race detector).
package report
