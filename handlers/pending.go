package handlers

import "jobfair/models"

// errPending answers routes whose handlers are being written.
var errPending = &models.Error{Code: models.ENotFound, Message: "尚未提供"}
