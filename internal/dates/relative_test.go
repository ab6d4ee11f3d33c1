package dates

import (
	"testing"
	"time"
)

func TestFindRelative(t *testing.T) {
	check(t, wed, []struct {
		text string
		want []string
	}{
		{"Witkoff met Putin on Tuesday.", []string{"Tuesday=2025-12-09"}},
		{"Tuesday's talks lasted five hours.", []string{"Tuesday=2025-12-09"}},
		{"On Thursday the envoys flew home.", []string{"Thursday=2025-12-04"}},
		{"Last Tuesday the delegations spoke by phone.", []string{"Last Tuesday=2025-12-09"}},
		{"A new round is due next Tuesday.", []string{"next Tuesday=2025-12-16"}},
		{"Aides will meet this coming Monday.", []string{"coming Monday=2025-12-15"}},
		{"The summit is this Friday.", []string{"this Friday=2025-12-12"}},
		{"He had spoken the previous Sunday.", []string{"the previous Sunday=2025-12-07"}},
		{"They met again the following Monday.", []string{"the following Monday=?"}},
		{"Zelensky said yesterday that no deal was close.", []string{"yesterday=2025-12-09"}},
		{"Envoys meet today in Berlin.", []string{"today=2025-12-10"}},
		{"A call is planned for tonight.", []string{"tonight=2025-12-10"}},
		{"A reply is expected tomorrow.", []string{"tomorrow=2025-12-11"}},
		{"Talks resume this week.", []string{"this week=2025-12-08..2025-12-14"}},
		{"Officials met last week in Miami.", []string{"last week=2025-12-01..2025-12-07"}},
		{"Officials meet next week.", []string{"next week=2025-12-15..2025-12-21"}},
		{"Drafts were swapped last weekend.", []string{"last weekend=2025-12-06..2025-12-07"}},
		{"Drafts were swapped the previous weekend.", []string{"previous weekend=2025-12-06..2025-12-07"}},
		{"Aides talked over the weekend.", []string{"over the weekend=2025-12-06..2025-12-07"}},
		{"Protests grew at the weekend.", []string{"at the weekend=2025-12-06..2025-12-07"}},
		{"A draft leaked earlier this month.", []string{"earlier this month=2025-12-01..2025-12-10"}},
		{"A vote is due later this week.", []string{"later this week=2025-12-10..2025-12-14"}},
		{"The plan was drafted last month.", []string{"last month=2025-11-01..2025-11-30"}},
		{"Strikes rose over the past week.", []string{"past week=2025-12-04..2025-12-10"}},
		{"Talks began last year.", []string{"last year=2024-01-01..2024-12-31"}},
		{"Envoys met a week ago.", []string{"a week ago=2025-12-03"}},
		{"Envoys met three days ago.", []string{"three days ago=2025-12-07"}},
		{"The talks began two months ago.", []string{"two months ago=2025-10-10"}},
		{"The sides met in November.", []string{"November=2025-11-01..2025-11-30"}},
		{"Geneva November", []string{"November=2025-11-01..2025-11-30"}},
		{"A deal was expected in early December.", []string{"early December=2025-12-01..2025-12-10"}},
		{"Talks stalled in mid-January.", []string{"mid-January=2025-01-11..2025-01-20"}},
		{"A first draft circulated in late November.", []string{"late November=2025-11-21..2025-11-30"}},
		{"A truce is hoped for by the end of December.", []string{"the end of December=2025-12-21..2025-12-31"}},
		{"Talks took place in May.", []string{"May=2025-05-01..2025-05-31"}},
		{"Talks collapsed last March.", []string{"last March=2025-03-01..2025-03-31"}},
		{"They meet again next January.", []string{"next January=2026-01-01..2026-01-31"}},
		{"Two days later the talks resumed.", nil},
	})
}

func TestFindWeekdayOnBaseDay(t *testing.T) {
	tue := time.Date(2025, 12, 9, 8, 0, 0, 0, time.UTC)
	check(t, tue, []struct {
		text string
		want []string
	}{
		{"The envoys meet on Tuesday.", []string{"Tuesday=2025-12-09"}},
		{"They met last Tuesday.", []string{"last Tuesday=2025-12-02"}},
		{"They meet next Tuesday.", []string{"next Tuesday=2025-12-16"}},
		{"They met on Wednesday.", []string{"Wednesday=2025-12-03"}},
	})
	sat := time.Date(2025, 12, 13, 8, 0, 0, 0, time.UTC)
	check(t, sat, []struct {
		text string
		want []string
	}{
		{"Envoys are meeting over the weekend.", []string{"over the weekend=2025-12-13..2025-12-14"}},
		{"They met last weekend.", []string{"last weekend=2025-12-06..2025-12-07"}},
	})
}

func TestOrdinalOfMonth(t *testing.T) {
	base := time.Date(2025, 12, 4, 0, 0, 0, 0, time.UTC)
	ms := Find("They met on the 23rd of last month.", base)
	if len(ms) == 0 || ms[0].From.Format("2006-01-02") != "2025-11-23" {
		t.Fatalf("Find(the 23rd of last month) = %+v, want 2025-11-23 first", ms)
	}
}
