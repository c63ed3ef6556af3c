"""月报 view: monthly class report and school summary (preview, print, PDF, Excel, 定稿)."""
