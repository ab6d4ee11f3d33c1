package handlers

import "testing"

// TestChangesCorpus: the moderators' jobs that change the corpus folder
// (and so are made one at a time across replicas) are told from those that
// only read it, by the command table.
func TestChangesCorpus(t *testing.T) {
	for _, c := range []struct {
		job  Job
		want bool
	}{
		{Job{Command: "add-article"}, true},
		{Job{Command: "remove-article", Options: map[string]string{"id": "a1"}}, true},
		{Job{Command: "feeds", Sub: "add"}, true},
		{Job{Command: "feeds", Sub: "remove"}, true},
		{Job{Command: "feeds", Sub: "list"}, false},
		{Job{Command: "reindex"}, false},
		{Job{Command: "search"}, false},
		{Job{Command: "no-such-command"}, false},
	} {
		if got := ChangesCorpus(c.job); got != c.want {
			t.Errorf("ChangesCorpus(%s %s) = %v, want %v", c.job.Command, c.job.Sub, got, c.want)
		}
	}
}
