package duban

// 三员分立: the system administrator (RoleAdmin) keeps users, units,
// settings, the calendar and channels; the security administrator assigns
// roles, unlocks accounts, sets the password policy and ends others'
// sessions; the audit administrator reads and verifies the audit log. None
// may do another's job, and none may change the accounts of the three.

// Officer reports whether r is one of the three administrators.
func (r Role) Officer() bool { return r == RoleAdmin || r == RoleSecAdmin || r == RoleAuditor }

// ManagesSecurity reports whether p is the security administrator: who
// assigns roles, unlocks accounts, resets others' passwords and ends their
// sessions.
func (p *Principal) ManagesSecurity() bool { return p == System || p.Role == RoleSecAdmin }

// ReadsAudit reports whether p may read and verify the audit log: the audit
// administrator only (and duban itself, for its commands).
func (p *Principal) ReadsAudit() bool { return p == System || p.Role == RoleAuditor }

// ReadsUsers reports whether p may read every account: the system and
// security administrators, and lead offices (to pick people).
func (p *Principal) ReadsUsers() bool {
	return p.Role == RoleAdmin || p.Role == RoleSecAdmin || p.Role == RoleLead
}

// CanCreateUser returns Forbidden unless p may create the account: the
// system administrator, with a role that is not one of the three
// administrators' (the security administrator gives those).
func (p *Principal) CanCreateUser(u *User) error {
	if p.Role != RoleAdmin {
		return ErrForbidden("创建用户（由系统管理员创建）")
	}
	if u.Role.Officer() && p != System {
		return ErrForbidden("创建管理员账号（由安全管理员分配管理员角色）")
	}
	return nil
}

// CanUpdateUser returns Forbidden unless p may make the change up to the
// account before: its owner changes their own name, contact and password;
// the system administrator an ordinary account's name, contact, unit and
// whether it is enabled; the security administrator anyone's role, enabled
// state and password, but not their own role.
func (p *Principal) CanUpdateUser(before *User, up UserUpdate) error {
	profile := up.DisplayName != nil || up.Email != nil || up.Phone != nil
	switch {
	case p == System:
		return nil
	case p.UserID == before.ID && up.Role == nil && up.UnitID == nil && up.Disabled == nil:
		return nil
	case p.Role == RoleAdmin:
		if before.Role.Officer() {
			return ErrForbidden("修改管理员账号（由安全管理员负责）")
		}
		if up.Role != nil || up.Password != nil {
			return ErrForbidden("分配角色或重置他人密码（由安全管理员负责）")
		}
		return nil
	case p.Role == RoleSecAdmin:
		if profile || up.UnitID != nil {
			return ErrForbidden("修改用户资料或单位（由系统管理员负责）")
		}
		if up.Role != nil && p.UserID == before.ID {
			return ErrForbidden("修改自己的角色")
		}
		return nil
	}
	if p.UserID != before.ID {
		return ErrForbidden("修改其他用户")
	}
	return ErrForbidden("修改自己的角色、单位或启用状态")
}
