package index

import (
	"os"
	"path/filepath"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// resident is the share of the pages of the file at name in the page
// cache (mincore on a mapping of it).
func resident(t *testing.T, name string) float64 {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	if st.Size() == 0 {
		return 1
	}
	m, err := unix.Mmap(int(f.Fd()), 0, int(st.Size()), unix.PROT_READ, unix.MAP_SHARED)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Munmap(m)
	page := os.Getpagesize()
	vec := make([]byte, (len(m)+page-1)/page)
	if _, _, e := unix.Syscall(unix.SYS_MINCORE, uintptr(unsafe.Pointer(&m[0])), uintptr(len(m)), uintptr(unsafe.Pointer(&vec[0]))); e != 0 {
		t.Fatal(e)
	}
	in := 0
	for _, v := range vec {
		in += int(v & 1)
	}
	return float64(in) / float64(len(vec))
}

// TestPrewarm: the files of an index opened for serving are read back
// into the page cache after the kernel dropped them.
func TestPrewarm(t *testing.T) {
	data, dir := t.TempDir(), writeCorpus(t, articleFiles(t))
	ix := openIndex(t, data, dir)
	s, err := ix.acquire()
	if err != nil {
		t.Fatal(err)
	}
	path, parts := s.path, s.meta.Parts
	s.release()
	file := filepath.Join(path, parts[0].Dir, passagesFile)
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	f.Sync()
	unix.Fadvise(int(f.Fd()), 0, 0, unix.FADV_DONTNEED)
	f.Close()
	if r := resident(t, file); r > 0.5 {
		t.Skipf("the file system kept %.0f%% of the file cached after FADV_DONTNEED (tmpfs?)", 100*r)
	}
	openIndex(t, data, dir) // a server starting on the built index
	for deadline := time.Now().Add(5 * time.Second); resident(t, file) < 1; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%.0f%% of %s cached 5 s after prewarm", 100*resident(t, file), file)
		}
	}
}
