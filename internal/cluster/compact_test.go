package cluster

import (
	"reflect"
	"testing"
)

func TestCompact(t *testing.T) {
	e := func(name, data string, removed bool) entry {
		return entry{Name: name, Data: []byte(data), Removed: removed}
	}
	for _, c := range []struct {
		name     string
		in, want []entry
	}{
		{"empty", nil, nil},
		{"distinct files kept in order", []entry{e("a", "1", false), e("b", "2", false)}, []entry{e("a", "1", false), e("b", "2", false)}},
		{"a later change replaces an earlier one",
			[]entry{e("a", "1", false), e("b", "2", false), e("a", "3", false)},
			[]entry{e("b", "2", false), e("a", "3", false)}},
		{"added then removed",
			[]entry{e("a", "1", false), e("a", "", true), e("c", "4", false)},
			[]entry{e("a", "", true), e("c", "4", false)}},
		{"removed then added again",
			[]entry{e("a", "", true), e("b", "2", false), e("a", "5", false), e("b", "6", false), e("b", "7", false)},
			[]entry{e("a", "5", false), e("b", "7", false)}},
	} {
		if got := compact(c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: compact = %+v, want %+v", c.name, got, c.want)
		}
	}
}
