package store

import "testing"

// TestUnitKey: the names monitoring workbooks give units reduce to the
// same core as the units' own names.
func TestUnitKey(t *testing.T) {
	for _, pair := range [][2]string{
		{"陕西西咸新区", "西咸新区"},
		{"陕西省西咸新区", "西咸新区"},
		{"咸阳市（不含西咸新区）", "咸阳市"},
		{"西  安", "西安市"},
		{"山西省太原市", "太原市人民政府"},
	} {
		if a, b := unitKey(pair[0]), unitKey(pair[1]); a != b {
			t.Errorf("unitKey(%q) = %q, unitKey(%q) = %q; want the same", pair[0], a, pair[1], b)
		}
	}
	if unitKey("吉林市") == unitKey("吉林省") || unitKey("宝鸡市") == unitKey("西安市") || unitKey("宝鸡市本级") == unitKey("宝鸡市") ||
		unitKey("吉林市人民政府") != unitKey("吉林市") {
		t.Error("different units reduced to one core")
	}
}
