package survey_test

import (
	"fmt"
	"os"
	"runtime"
	"testing"

	"github.com/touchpoint-cx/touchpoint/driver"
	"github.com/touchpoint-cx/touchpoint/survey"
)

// streamNames are the outcome and the steps of benchJourney.
func streamNames() []string {
	names := []string{"overall"}
	for i := range benchSteps {
		names = append(names, fmt.Sprintf("s%02d", i))
	}
	return names
}

// BenchmarkStreamWide reads the generated wide file of BenchmarkReadWide
// (TOUCHPOINT_BENCH_ROWS respondents, 20 steps) with StreamWide into a
// driver.MomentsBuilder: the moments-only ingest of a driver analysis
// without bootstrap, to compare with BenchmarkEncodingCSVBaseline.
func BenchmarkStreamWide(b *testing.B) {
	path, size := wideBenchFile(b)
	j := benchJourney()
	names := streamNames()
	b.SetBytes(size)
	b.ReportAllocs()
	b.ResetTimer()
	c0 := cpuSeconds()
	for range b.N {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		mb := driver.NewMomentsBuilder(names)
		rep, err := survey.StreamWide(f, "responses.csv", j, survey.Options{}, survey.StreamSpec{Outcome: "overall"}, mb.Add)
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
		if rep.Passed != benchRows() {
			b.Fatalf("passed %d respondents, want %d", rep.Passed, benchRows())
		}
	}
	b.ReportMetric((cpuSeconds()-c0)/float64(b.N), "cpu-s/op")
}

// BenchmarkStreamWideGenerated streams n generated respondents (made row
// by row by an io.Reader, never stored) into a driver.MomentsBuilder and
// reports the largest live heap, measured after a collection every n/10
// rows (live-heap-B), and the bytes and allocations per row: the live
// heap does not grow with n. The allocations per row are those of
// encoding/csv (one string per record) and of the generator, garbage at
// once.
func BenchmarkStreamWideGenerated(b *testing.B) {
	for _, n := range []int{10_000, 1_000_000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			j := benchJourney()
			names := streamNames()
			var peak uint64
			b.ReportAllocs()
			for b.Loop() {
				mb := driver.NewMomentsBuilder(names)
				rows := 0
				var ms runtime.MemStats
				_, err := survey.StreamWide(newGenWide(n, 1), "gen.csv", j, survey.Options{}, survey.StreamSpec{Outcome: "overall"},
					func(row []float64, w float64) error {
						if rows++; rows%(n/10) == 0 {
							runtime.GC()
							runtime.ReadMemStats(&ms)
							peak = max(peak, ms.HeapAlloc)
						}
						return mb.Add(row, w)
					})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(peak), "live-heap-B")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/row")
		})
	}
}
