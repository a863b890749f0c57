"""Complaints as the rest of CyberSetu sees them: typed, checked, from the interchange JSON."""

from cybersetu.complaints.model import Complaint, FraudPayment, parse_complaint, read_complaints

__all__ = ["Complaint", "FraudPayment", "parse_complaint", "read_complaints"]
