"""Fakes of services outside the application (GOV.UK Notify), for tests and benchmarks."""
