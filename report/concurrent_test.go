package report_test

import (
	"bytes"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/touchpoint-cx/touchpoint/internal/i18n"
	"github.com/touchpoint-cx/touchpoint/journey"
	"github.com/touchpoint-cx/touchpoint/priority"
	"github.com/touchpoint-cx/touchpoint/report"
)

// TestConcurrentReports builds and writes the report of one study on
// several goroutines at once (run with -race): the package docs of
// journey, priority and report say this is safe, and the results equal
// those of a serial run.
func TestConcurrentReports(t *testing.T) {
	st := loadStudy(t, "onboarding")
	opts := report.Options{
		Drivers:  report.DriverOptions{DriverOptions: journey.DriverOptions{Bootstrap: 4, Seed: 3, Workers: 2}},
		Priority: report.PriorityOptions{Options: priority.Options{B: 4, Seed: 3, Workers: 2}},
	}
	l, err := i18n.Get("nl")
	require.NoError(t, err)
	write := func(doc *report.Doc) string {
		var b bytes.Buffer
		require.NoError(t, doc.WriteJSON(&b))
		require.NoError(t, doc.WriteHTML(&b, l))
		return b.String()
	}
	doc, err := report.Build(st, nil, "study", opts)
	require.NoError(t, err)
	want := write(doc)
	var wg sync.WaitGroup
	got := make([]string, 3)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d, err := report.Build(st, nil, "study", opts)
			if !assert.NoError(t, err) {
				return
			}
			got[i] = write(d)
		}()
	}
	wg.Wait()
	for i := range got {
		assert.Equal(t, want, got[i], "goroutine %d", i)
	}
}
