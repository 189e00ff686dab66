-- CreateTable
CREATE TABLE "CarrierCallback" (
    "id" TEXT NOT NULL,
    "carrier" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL,
    "processedAt" TIMESTAMPTZ(3),

    CONSTRAINT "CarrierCallback_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CarrierCallback_processedAt_id_idx" ON "CarrierCallback"("processedAt", "id");

-- CreateIndex
CREATE UNIQUE INDEX "CarrierCallback_carrier_eventId_key" ON "CarrierCallback"("carrier", "eventId");
