package store

import "testing"

func TestUnitCore(t *testing.T) {
	same := [][]string{
		{"中共陕西省农业农村厅党组", "陕西省农业农村厅", "省农业农村厅", "陕西省农业农村厅党委"},
		{"中共陕西省委科技工委", "省委科技工委"},
		{"延安市人民政府", "延安市"},
		{"中共延安市委员会", "延安市委"},
		{"中共甘肃省教育厅党组", "甘肃省教育厅", "省教育厅"},
	}
	for _, names := range same {
		for _, n := range names[1:] {
			if a, b := unitCore(names[0]), unitCore(n); a != b {
				t.Errorf("unitCore(%s) = %s, unitCore(%s) = %s; want the same", names[0], a, n, b)
			}
		}
	}
	differ := [][2]string{
		{"省农业农村厅", "省财政厅"},
		{"陕西省发展和改革委员会", "陕西省发展和改革委"},
		{"延安市", "延安市委"},
		{"省委组织部", "省委宣传部"},
	}
	for _, d := range differ {
		if unitCore(d[0]) == unitCore(d[1]) {
			t.Errorf("unitCore(%s) = unitCore(%s) = %s; want them apart", d[0], d[1], unitCore(d[0]))
		}
	}
}
