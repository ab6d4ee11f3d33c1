package index

import (
	"io/fs"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// prewarmWindow is the span of one read-ahead advice: the kernel reads
// ahead at most its read-ahead window (128 KiB by default) an advice.
const prewarmWindow = 128 << 10

// prewarm asks the kernel to read the files of the build at path (its
// parts' segments and passages, newest part first, up to maxPrewarm
// bytes) into the page cache. After a restart, or once other work has
// pushed the index out of the cache, every question would otherwise wait
// on the disk for the pages it touches: at 100,000 articles, searches
// took 6.5 ms at the median with a cold cache against 2.5 ms warm. The
// kernel reads ahead in the background and may ignore the advice under
// memory pressure; a file that cannot be opened is skipped.
func prewarm(path string, parts []PartInfo) {
	budget := int64(maxPrewarm)
	for i := len(parts) - 1; i >= 0 && budget > 0; i-- {
		filepath.WalkDir(filepath.Join(path, parts[i].Dir), func(name string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			info, err := d.Info()
			if err != nil {
				return nil
			}
			if budget -= info.Size(); budget < 0 {
				return filepath.SkipAll
			}
			f, err := os.Open(name)
			if err != nil {
				return nil
			}
			defer f.Close()
			for off := int64(0); off < info.Size(); off += prewarmWindow {
				unix.Fadvise(int(f.Fd()), off, prewarmWindow, unix.FADV_WILLNEED)
			}
			return nil
		})
	}
}
