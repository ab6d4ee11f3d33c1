package main

import (
	"cmp"
	"errors"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/talksbot/talksbot/handlers"
)

// latency is how long one intent's questions took, in milliseconds: each
// alone, then all of them again with several askers at once.
type latency struct {
	N    int     `json:"n"`
	P50  float64 `json:"p50_ms"`
	P99  float64 `json:"p99_ms"`
	Max  float64 `json:"max_ms"`
	Mean float64 `json:"mean_ms"`
	// Hits is the mean number of passages an answer carried.
	Hits float64 `json:"mean_hits"`
	// Empty answers found nothing; Refused were bad requests.
	Empty   int `json:"empty"`
	Refused int `json:"refused"`

	Askers       int     `json:"concurrent_askers"`
	AnswersPerS  float64 `json:"concurrent_answers_per_s"`
	ConcP50      float64 `json:"concurrent_p50_ms"`
	ConcP99      float64 `json:"concurrent_p99_ms"`
	SingleAnswer float64 `json:"single_answers_per_s"`
	// Slowest are the three slowest questions asked alone, slowest first:
	// what the p99 is made of.
	Slowest []slowQuestion `json:"slowest,omitempty"`
	// CPUP50 and CPUP99 are the CPU time (all threads of the process)
	// each question took alone, in milliseconds: what the wall time would
	// be on idle cores for work on one core, unaffected by other processes.
	CPUP50 float64 `json:"cpu_p50_ms"`
	CPUP99 float64 `json:"cpu_p99_ms"`
}

type slowQuestion struct {
	Text string  `json:"text"`
	Ms   float64 `json:"ms"`
}

// measure asks every question once, one at a time, then once more with
// askers goroutines sharing the list. ask returns how many passages the
// answer carried; a handlers.ErrBadRequest counts as refused, any other
// error stops the measure.
func measure(questions []string, askers int, ask func(string) (int, error)) (*latency, error) {
	// Warm up: the first questions pay for lazily built state.
	for _, q := range questions[:min(3, len(questions))] {
		ask(q)
	}
	l := &latency{N: len(questions), Askers: askers}
	ds := make([]time.Duration, 0, len(questions))
	cpu := make([]time.Duration, 0, len(questions))
	hits := 0
	start := time.Now()
	for _, q := range questions {
		t, c := time.Now(), processCPU()
		n, err := ask(q)
		ds = append(ds, time.Since(t))
		cpu = append(cpu, processCPU()-c)
		switch {
		case errors.Is(err, handlers.ErrBadRequest):
			l.Refused++
		case err != nil:
			return nil, err
		case n == 0:
			l.Empty++
		}
		hits += n
	}
	wall := time.Since(start)
	l.P50, l.P99, l.Max, l.Mean = percentiles(ds)
	l.CPUP50, l.CPUP99, _, _ = percentiles(cpu)
	order := make([]int, len(ds))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(ds[b], ds[a]) })
	for _, i := range order[:min(3, len(order))] {
		l.Slowest = append(l.Slowest, slowQuestion{Text: questions[i], Ms: round(float64(ds[i])/1e6, 3)})
	}
	l.Hits = round(float64(hits)/float64(len(questions)), 1)
	l.SingleAnswer = round(float64(len(questions))/wall.Seconds(), 1)

	var next atomic.Int64
	conc := make([]time.Duration, len(questions))
	var wg sync.WaitGroup
	var firstErr atomic.Value
	start = time.Now()
	for range askers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(questions) {
					return
				}
				t := time.Now()
				_, err := ask(questions[i])
				conc[i] = time.Since(t)
				if err != nil && !errors.Is(err, handlers.ErrBadRequest) {
					firstErr.CompareAndSwap(nil, err)
				}
			}
		}()
	}
	wg.Wait()
	wall = time.Since(start)
	if err, ok := firstErr.Load().(error); ok {
		return nil, err
	}
	l.ConcP50, l.ConcP99, _, _ = percentiles(conc)
	l.AnswersPerS = round(float64(len(questions))/wall.Seconds(), 1)
	return l, nil
}

// percentiles returns p50, p99, max and mean of ds in milliseconds
// (nearest rank).
func percentiles(ds []time.Duration) (p50, p99, mx, mean float64) {
	if len(ds) == 0 {
		return 0, 0, 0, 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	rank := func(p float64) time.Duration {
		i := int(p*float64(len(s))+0.999999) - 1
		return s[min(max(i, 0), len(s)-1)]
	}
	var sum time.Duration
	for _, d := range s {
		sum += d
	}
	ms := func(d time.Duration) float64 { return round(float64(d)/1e6, 3) }
	return ms(rank(0.50)), ms(rank(0.99)), ms(s[len(s)-1]), ms(sum / time.Duration(len(s)))
}
