"""What happens to a paper once it is made: saved, printed through Qt, opened."""
