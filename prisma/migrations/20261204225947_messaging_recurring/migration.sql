-- CreateEnum
CREATE TYPE "RecurringMessageStatus" AS ENUM ('active', 'canceled');

-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "recurringMessageId" TEXT;

-- CreateTable
CREATE TABLE "RecurringMessage" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "numberId" TEXT NOT NULL,
    "from" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "rrule" TEXT NOT NULL,
    "startAt" TIMESTAMPTZ(3) NOT NULL,
    "timeZone" TEXT NOT NULL,
    "sendWindowStart" TEXT,
    "sendWindowEnd" TEXT,
    "status" "RecurringMessageStatus" NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "RecurringMessage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RecurringMessage_accountId_id_idx" ON "RecurringMessage"("accountId", "id");

-- CreateIndex
CREATE INDEX "Message_recurringMessageId_idx" ON "Message"("recurringMessageId");
