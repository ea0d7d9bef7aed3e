package web

// registerLedgerPages registers the ledger pages.
func (s *Server) registerLedgerPages() {}

// ledgerMessages are the ledger pages' strings: Chinese first, English second.
var ledgerMessages = map[string][2]string{}
