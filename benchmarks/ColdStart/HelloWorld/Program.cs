// One JSON line on stdout, as a function without any SDK would log its request.
System.Console.WriteLine("{\"level\":\"INFO\",\"message\":\"Processed order\",\"order_id\":\"o-1\"}");
