//go:build unix

package survey_test

import (
	"math"
	"syscall"
)

// cpuSeconds returns the CPU time (user and system) used by the process so
// far, for benchmarks to report beside the wall-clock time, which other
// work on a shared machine inflates.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return math.NaN()
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}
