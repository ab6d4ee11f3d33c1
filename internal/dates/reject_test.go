package dates

import "testing"

// TestFindRejects lists numbers and words that look like dates but are not.
func TestFindRejects(t *testing.T) {
	check(t, wed, []struct {
		text string
		want []string
	}{
		{"The meeting began at 09:05 local time.", nil},
		{"The briefing ended at 18.41 GMT.", nil},
		{"Aid worth US$100 million was pledged.", nil},
		{"Aid worth $12 billion was pledged in 2025.", nil},
		{"Both sides freed 1,000 prisoners.", nil},
		{"Russia launched 157 drones overnight.", nil},
		{"Turnout rose 12.5 percent, or 3%.", nil},
		{"A second round of talks is planned.", nil},
		{"The 23rd brigade held the line.", nil},
		{"The 2nd round of talks is planned.", nil},
		{"Russia may agree to a ceasefire.", nil},
		{"May the talks succeed.", nil},
		{"Former prime minister Theresa May said.", nil},
		{"Troops march on the capital.", nil},
		{"Czech minister Jan Lipavsky said.", nil},
		{"The Sun reported that Sat was wrong.", nil},
		{"Version 1.2.3 of the plan has 28 points.", nil},
		{"A 20-point plan with 12 clauses.", nil},
		{"Phone 044 23 10 2025.", nil},
		{"Resolution 2202 passed 15 votes to 0.", nil},
		{"Some 30 to 40 envoys came.", nil},
		{"It is the 4th time, and the 5th", []string{"the 5th=2025-12-05"}},
	})
}

// TestFindMayAndMarch checks that the modal "may" and the verb "march"
// are never months, while the capitalised names are.
func TestFindMayAndMarch(t *testing.T) {
	check(t, wed, []struct {
		text string
		want []string
	}{
		{"Kyiv may march on; talks may resume in May.", []string{"May=2025-05-01..2025-05-31"}},
		{"Talks set for may 16 were cancelled.", nil},
		{"Since March, talks have stalled.", []string{"March=2025-03-01..2025-03-31"}},
		{"March 3 talks and 5 March talks.", []string{"March 3=2025-03-03", "5 March=2025-03-05"}},
		{"TALKS MAY 16", []string{"MAY 16=2025-05-16"}},
		{"In May 2024 the sides met.", []string{"May 2024=2024-05-01..2024-05-31"}},
	})
}
