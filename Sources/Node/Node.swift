// The store engine lands here.
