package article

import "fmt"

// mdMaxNesting bounds how deep a Markdown body may nest blockquotes and list
// items on one line, and open "[" in one paragraph; a line may be indented by
// at most 4×mdMaxNesting columns (lists also nest by indentation). goldmark
// takes time quadratic in the depth (a 2 MiB file of ">" or "- " alone took
// minutes, lists nested by indentation seconds), and no article needs more
// than a few levels.
const mdMaxNesting = 16

// mdCheckNesting returns an error when a line of src opens more than
// mdMaxNesting blockquotes or list items or is indented more than
// 4×mdMaxNesting columns, or a paragraph holds more than mdMaxNesting "["
// left open. It runs in linear time.
func mdCheckNesting(src []byte) error {
	brackets := 0 // "[" open in the paragraph
	for line := 1; len(src) > 0; line++ {
		end := 0
		for end < len(src) && src[end] != '\n' {
			end++
		}
		l := src[:end]
		if end < len(src) {
			end++
		}
		src = src[end:]
		if depth, indent := mdContainerDepth(l); depth > mdMaxNesting {
			return fmt.Errorf("markdown: line %d nests %d blockquotes or list items (at most %d)", line, depth, mdMaxNesting)
		} else if indent > 4*mdMaxNesting {
			return fmt.Errorf("markdown: line %d is indented %d columns (at most %d)", line, indent, 4*mdMaxNesting)
		}
		blank := true
		for _, c := range l {
			switch c {
			case ' ', '\t', '\r':
				continue
			case '[':
				brackets++
			case ']':
				brackets = max(brackets-1, 0)
			}
			blank = false
			if brackets > mdMaxNesting {
				return fmt.Errorf("markdown: line %d leaves more than %d \"[\" open", line, mdMaxNesting)
			}
		}
		if blank {
			brackets = 0
		}
	}
	return nil
}

// mdContainerDepth counts the blockquote markers (">") and list markers
// ("-", "*", "+", "1." or "1)" followed by a space) that open line l, and
// the columns of white space among them (a tab counts 4).
func mdContainerDepth(l []byte) (depth, indent int) {
	for i := 0; i < len(l); {
		switch c := l[i]; {
		case c == ' ':
			indent, i = indent+1, i+1
		case c == '\t':
			indent, i = indent+4, i+1
		case c == '>':
			depth, i = depth+1, i+1
		case (c == '-' || c == '*' || c == '+') && i+1 < len(l) && (l[i+1] == ' ' || l[i+1] == '\t'):
			depth, i = depth+1, i+2
		case c >= '0' && c <= '9':
			j := i
			for j < len(l) && j-i < 9 && l[j] >= '0' && l[j] <= '9' {
				j++
			}
			if j+1 >= len(l) || (l[j] != '.' && l[j] != ')') || (l[j+1] != ' ' && l[j+1] != '\t') {
				return depth, indent
			}
			depth, i = depth+1, j+2
		default:
			return depth, indent
		}
	}
	return depth, indent
}
