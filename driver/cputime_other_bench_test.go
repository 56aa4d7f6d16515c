//go:build !unix

package driver_test

import "math"

// cpuSeconds is NaN where getrusage is not available.
func cpuSeconds() float64 { return math.NaN() }
