package gazetteer

import (
	"io/fs"
	"testing"
)

func BenchmarkLookupCity(b *testing.B) {
	names := []string{"Geneva", "hallandale beach", "Kiev", "Nowhere Town", "the UAE"}
	load()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		LookupCity(names[i%len(names)])
	}
}

func BenchmarkLookupRegion(b *testing.B) {
	load()
	b.ReportAllocs()
	for b.Loop() {
		LookupRegion("the United Arab Emirates")
	}
}

// BenchmarkLoad measures the one-time parse of the embedded data, and
// reports the data's size (bytes embedded) alongside: go test -bench Load.
func BenchmarkLoad(b *testing.B) {
	size := 0
	err := fs.WalkDir(files, "data", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(files, path)
		size += len(data)
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := parse(files); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(size), "embedded-bytes")
}
