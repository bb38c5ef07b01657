"""The edges: http/, cli/, aws/ (Lambda), demo/, and the modules they share."""
