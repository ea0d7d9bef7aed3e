package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"duban/internal/duban"
)

// UnitMatch tells that a unit named in a file was taken for an existing
// unit under another name: 中共陕西省农业农村厅党组 for 陕西省农业农村厅.
type UnitMatch struct {
	Written string `json:"written"` // as the file names it
	Unit    string `json:"unit"`    // the existing unit's full name
	UnitID  int64  `json:"unit_id"`
}

// provinces are the province-level prefixes a unit's full name may carry.
var provinces = []string{
	"内蒙古自治区", "广西壮族自治区", "西藏自治区", "宁夏回族自治区", "新疆维吾尔自治区", "黑龙江省",
	"北京市", "天津市", "上海市", "重庆市", "河北省", "山西省", "辽宁省", "吉林省", "江苏省", "浙江省", "安徽省", "福建省",
	"江西省", "山东省", "河南省", "湖北省", "湖南省", "广东省", "海南省", "四川省", "贵州省", "云南省", "陕西省", "甘肃省", "青海省",
}

// unitCore reduces a unit's name to what stays when the party body, the
// province and the government are left out: 中共陕西省农业农村厅党组,
// 陕西省农业农村厅 and 省农业农村厅 all become 农业农村厅; 中共陕西省委科技工委
// and 省委科技工委 become 委科技工委; 延安市人民政府 becomes 延安市.
func unitCore(name string) string {
	s := strings.Join(strings.Fields(name), "")
	party := strings.HasPrefix(s, "中共")
	s = strings.TrimPrefix(s, "中共")
	for _, suffix := range []string{"党组", "党委", "党组织", "人民政府"} {
		if k := strings.TrimSuffix(s, suffix); k != s && len([]rune(k)) >= 2 {
			s = k
			break
		}
	}
	if k := strings.TrimSuffix(s, "委员会"); party && k != s && len([]rune(k)) >= 2 {
		s = k + "委" // 中共延安市委员会 is 延安市委
	}
	for _, p := range provinces {
		if k := strings.TrimPrefix(s, p); k != s && k != "" {
			s = k
			break
		}
	}
	if k := strings.TrimPrefix(s, "省"); k != s && len([]rune(k)) >= 2 {
		s = k
	}
	return s
}

// unitsByCore indexes every unit by the cores of its full and short names.
func (im *importer) unitsByCore(ctx context.Context) (map[string][]duban.Unit, error) {
	if im.cores != nil {
		return im.cores, nil
	}
	rows, err := im.tx.QueryContext(ctx, `SELECT id, name, short_name FROM units WHERE `+unitShown+` ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: import units: %w", err)
	}
	defer rows.Close()
	im.cores = map[string][]duban.Unit{}
	for rows.Next() {
		var u duban.Unit
		if err := rows.Scan(&u.ID, &u.Name, &u.ShortName); err != nil {
			return nil, fmt.Errorf("store: import units: %w", err)
		}
		im.addCore(u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: import units: %w", err)
	}
	return im.cores, nil
}

func (im *importer) addCore(u duban.Unit) {
	for _, n := range []string{u.Name, u.ShortName} {
		if n == "" {
			continue
		}
		k := unitCore(n)
		if !slices.ContainsFunc(im.cores[k], func(x duban.Unit) bool { return x.ID == u.ID }) {
			im.cores[k] = append(im.cores[k], u)
		}
	}
}

// matchUnit finds the existing unit a name means when no unit bears it:
// the one unit whose name or short name has the same core. Several such
// units are a question for the user, answered as an Invalid error on the
// field (owner for the plan's unit) that lets them choose.
func (im *importer) matchUnit(ctx context.Context, name, field string) (int64, bool, error) {
	cores, err := im.unitsByCore(ctx)
	if err != nil {
		return 0, false, err
	}
	us := cores[unitCore(name)]
	switch len(us) {
	case 0:
		return 0, false, nil
	case 1:
		im.res.MatchedUnits = append(im.res.MatchedUnits, UnitMatch{Written: name, Unit: us[0].Name, UnitID: us[0].ID})
		return us[0].ID, true, nil
	}
	names := make([]string, len(us))
	for i, u := range us {
		names[i] = u.Name
	}
	msg := fmt.Sprintf("“%s”可能是以下单位之一：%s；请选择", name, strings.Join(names, "、"))
	return 0, false, &duban.Error{Code: duban.Invalid, Message: msg, Fields: map[string]string{field: msg}}
}
