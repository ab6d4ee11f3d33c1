// Package atomicfile replaces a file's contents in one step, so that a
// reader, or the file system after a crash, sees either the old contents or
// the new, never a part. It knows nothing of what the files hold.
package atomicfile

import (
	"fmt"
	"io/fs"
	"path/filepath"

	"github.com/google/renameio/v2"
)

// Write writes data to a temporary file in the directory of path, fsyncs it,
// and renames it over path. The directory itself is not synced (renameio
// does not do it), so after a crash the rename may not have happened: path
// then holds its old contents, never a partial file.
//
// A new file gets perm (less the umask); a file replaced keeps its
// permissions. On error the temporary file is removed and path is left as
// it was. Write is not available on Windows, where renameio cannot replace a
// file atomically.
func Write(path string, data []byte, perm fs.FileMode) error {
	err := renameio.WriteFile(path, data, perm, renameio.WithTempDir(filepath.Dir(path)))
	if err != nil {
		return fmt.Errorf("write %s atomically: %w", path, err)
	}
	return nil
}
