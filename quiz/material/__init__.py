"""The study material blueprint: material pages that questions link to ("Read more")."""
